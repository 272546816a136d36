#!/bin/bash
# Does this checkout import exactly what another commit imports? Runs `manage.py import_articles
# CORPUS` with the code of REF (default: main) and with this checkout's, each into a new
# database on the server of SERVER_URL, and compares every imported table row by row (all
# columns but timestamps: articles with their stored search vectors, sketches, the did-you-mean
# vocabulary, import items and batches, outlets, impact lists).
#
#   SERVER_URL=postgres://postgres@127.0.0.1:5432 bench/import_identity.sh CORPUS [REF]
#
# Prints "identical" (exit 0) or the first differing lines (exit 1).
set -euo pipefail
CORPUS=$(realpath "$1"); REF=${2:-main}
HERE=$(cd "$(dirname "$0")/.." && pwd)
SERVER=${SERVER_URL:?give SERVER_URL, e.g. postgres://postgres@127.0.0.1:5432}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir "$WORK/ref"
git -C "$HERE" archive "$REF" | tar -x -C "$WORK/ref"

dump() {  # dump ROOT LABEL
    local db="import_identity_$2_$$"
    psql "$SERVER/postgres" -qc "DROP DATABASE IF EXISTS $db" -qc "CREATE DATABASE $db"
    (cd "$1" && DATABASE_URL="$SERVER/$db" "$HERE/.venv/bin/python" manage.py migrate -v0 &&
        DATABASE_URL="$SERVER/$db" "$HERE/.venv/bin/python" manage.py import_articles "$CORPUS" \
            --no-progress --workers 2 > "$WORK/$2.log" 2>&1 || true)
    local drop="ARRAY['created_at','updated_at','started_at','finished_at']"
    for q in "articles_article ORDER BY id" "articles_articlesketch ORDER BY article_id" \
        "articles_search_vocabulary ORDER BY word" "articles_importitem ORDER BY id" \
        "articles_importbatch ORDER BY id" "articles_outlet ORDER BY id" \
        "articles_search_impact ORDER BY term, article_id" \
        "articles_search_impact_floor ORDER BY term"; do
        echo "== $q"
        psql "$SERVER/$db" -Atc "SELECT to_jsonb(t) - $drop FROM ${q%% *} t ${q#* }"
    done > "$WORK/$2.txt"
    echo "== vectors as PostgreSQL prints them" >> "$WORK/$2.txt"
    psql "$SERVER/$db" -Atc "SELECT id, search_vector::text FROM articles_article ORDER BY id" \
        >> "$WORK/$2.txt"
    psql "$SERVER/postgres" -qc "DROP DATABASE $db"
}

dump "$WORK/ref" ref
dump "$HERE" here
echo "$REF: $(wc -l < "$WORK/ref.txt") lines; this checkout: $(wc -l < "$WORK/here.txt") lines"
if cmp -s "$WORK/ref.txt" "$WORK/here.txt"; then
    echo identical
else
    diff "$WORK/ref.txt" "$WORK/here.txt" | head -20
    exit 1
fi
