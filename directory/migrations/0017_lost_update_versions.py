"""Countries and fields of cooperation get ``updated_at``, the version the curators'
lost-update guard compares (as organisations, twinnings and places already have)."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0016_suggestion_structured_entry"),
    ]

    operations = [
        migrations.AddField(
            model_name="country",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, default=django.utils.timezone.now, verbose_name="updated"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="cooperationfield",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, default=django.utils.timezone.now, verbose_name="updated"
            ),
            preserve_default=False,
        ),
    ]
