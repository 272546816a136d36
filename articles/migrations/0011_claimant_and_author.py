"""One word for who makes claims, and an annotation's author named for what it is.

- The model `Actor` becomes `Claimant` (table `articles_claimant`); an attribution step's
  `actor` becomes `claimant`; an outlet's `actors` become its `claimants`.
- `Annotation.reviewer` (the annotation's author) becomes `author`; "reviewer" now means only
  the one who confirms or disputes.
- Permission codenames follow the model (`add_actor` → `add_claimant`, …), so the roles keep
  their rights. The generation triggers on the table stay attached to it through the rename.
"""

import django.db.models.deletion
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import migrations, models


def rename_permissions(apps, schema_editor, old="actor", new="claimant"):
    Permission = apps.get_model("auth", "Permission")
    for permission in Permission.objects.filter(
        content_type__app_label="articles", codename__endswith=f"_{old}"
    ):
        action = permission.codename.removesuffix(f"_{old}")
        if Permission.objects.filter(
            content_type=permission.content_type, codename=f"{action}_{new}"
        ).exists():
            continue
        permission.codename = f"{action}_{new}"
        permission.name = permission.name.replace(old, new)
        permission.save(update_fields=["codename", "name"])


def restore_permissions(apps, schema_editor):
    rename_permissions(apps, schema_editor, old="claimant", new="actor")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_search_vector_uncompressed"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("Actor", "Claimant"),
        migrations.RunPython(rename_permissions, restore_permissions),
        migrations.AlterModelOptions(
            name="claimant",
            options={
                "ordering": ["name_ar"],
                "verbose_name": "claimant",
                "verbose_name_plural": "claimants",
            },
        ),
        migrations.RenameIndex(
            model_name="claimant", new_name="claimant_aliases_gin", old_name="actor_aliases_gin"
        ),
        migrations.RemoveConstraint(model_name="claimant", name="actor_not_own_parent"),
        migrations.AddConstraint(
            model_name="claimant",
            constraint=models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")), name="claimant_not_own_parent"
            ),
        ),
        migrations.AlterField(
            model_name="claimant",
            name="outlet",
            field=models.ForeignKey(
                blank=True,
                help_text="When this claimant is itself an outlet in the database.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="claimants",
                to="articles.outlet",
                verbose_name="outlet",
            ),
        ),
        migrations.RenameField("attributionstep", "actor", "claimant"),
        migrations.AlterField(
            model_name="attributionstep",
            name="claimant",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="relays",
                to="articles.claimant",
                verbose_name="claimant",
            ),
        ),
        migrations.RenameField("annotation", "reviewer", "author"),
        migrations.AlterField(
            model_name="annotation",
            name="author",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="annotations",
                to=settings.AUTH_USER_MODEL,
                verbose_name="author",
            ),
        ),
    ]
