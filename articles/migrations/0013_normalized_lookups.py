"""Indexed normalised lookups: `Claim.text_normalized` (hash + trigram indexes) and `Claim.terms`
(GIN), `ClaimantName` (btree prefix + trigram), filled for existing rows."""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.db.models.deletion
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


def backfill(apps, schema_editor):
    """Fill the normalised wording and words of every claim and the names of every claimant."""
    from articles.claims.lookup import claim_terms, normal_text

    Claim = apps.get_model("articles", "Claim")
    Claimant = apps.get_model("articles", "Claimant")
    ClaimantName = apps.get_model("articles", "ClaimantName")
    batch = []
    for claim in Claim.objects.only("text_ar", "gloss_en").iterator(chunk_size=2000):
        claim.text_normalized = normal_text(claim.text_ar)
        claim.terms = claim_terms(claim.text_ar, claim.gloss_en)
        batch.append(claim)
        if len(batch) >= 2000:
            Claim.objects.bulk_update(batch, ["text_normalized", "terms"])
            batch = []
    Claim.objects.bulk_update(batch, ["text_normalized", "terms"])
    rows = []
    for claimant in Claimant.objects.only("name_ar", "name_en", "aliases").iterator(
        chunk_size=2000
    ):
        names = [claimant.name_ar, claimant.name_en, *claimant.aliases]
        for name in {normal_text(n)[:300] for n in names if n} - {""}:
            rows.append(ClaimantName(claimant_id=claimant.pk, name=name))
        if len(rows) >= 5000:
            ClaimantName.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    ClaimantName.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_proposals"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # pg_trgm belongs to 0004 (the search vocabulary); never dropped here.
        migrations.RunSQL("CREATE EXTENSION IF NOT EXISTS pg_trgm", migrations.RunSQL.noop),
        migrations.CreateModel(
            name="ClaimantName",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=300, verbose_name="normalised name")),
            ],
            options={
                "verbose_name": "claimant name",
                "verbose_name_plural": "claimant names",
            },
        ),
        migrations.AddField(
            model_name="claim",
            name="terms",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.TextField(),
                default=list,
                editable=False,
                verbose_name="analysed words",
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="text_normalized",
            field=models.TextField(default="", editable=False, verbose_name="normalised claim"),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=django.contrib.postgres.indexes.HashIndex(
                fields=["text_normalized"], name="claim_text_normalized_hash"
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["text_normalized"], name="claim_text_trgm", opclasses=["gin_trgm_ops"]
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["terms"], name="claim_terms_gin"
            ),
        ),
        migrations.AddField(
            model_name="claimantname",
            name="claimant",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="normal_names",
                to="articles.claimant",
                verbose_name="claimant",
            ),
        ),
        migrations.AddIndex(
            model_name="claimantname",
            index=models.Index(
                fields=["name"], name="claimant_name_prefix", opclasses=["varchar_pattern_ops"]
            ),
        ),
        migrations.AddIndex(
            model_name="claimantname",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["name"], name="claimant_name_trgm", opclasses=["gin_trgm_ops"]
            ),
        ),
        migrations.AddConstraint(
            model_name="claimantname",
            constraint=models.UniqueConstraint(
                fields=("claimant", "name"), name="claimant_name_unique"
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Left("text_normalized", 100),
                    name="text_pattern_ops",
                ),
                name="claim_text_prefix",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
