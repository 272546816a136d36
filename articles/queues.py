"""The queues of settings.TASKS, each run by its own worker (`runroom`): what a person started and
waits for, and what the room does by itself. Upkeep can take long (an impact list ranks every
article holding its word) and must never hold an upload back. A module of its own, importing
nothing, so that every module declaring a task can name its queue."""

IMPORTS_QUEUE = "imports"
UPKEEP_QUEUE = "default"
