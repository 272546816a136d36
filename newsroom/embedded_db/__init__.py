"""PostgreSQL on the embedded server, started when the first connection opens (see
`newsroom.database`)."""
