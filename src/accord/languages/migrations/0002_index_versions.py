"""The documents whose current revision had language versions before search had its column:
their terms with every version, as `accord.languages.services.submit_version` writes them."""

from django.db import migrations

from accord.domain import negotiation, search


def _texts(value):
    return [value.title, *(p.render() for p in value.paragraphs)]


def index(apps, schema_editor):
    Document = apps.get_model("negotiation", "Document")
    Revision = apps.get_model("negotiation", "Revision")
    RevisionVersion = apps.get_model("languages", "RevisionVersion")
    for document in Document.objects.filter(chair_statement__isnull=True):
        row = Revision.objects.filter(document=document, number=document.current_revision).first()
        versions = list(RevisionVersion.objects.filter(revision=row)) if row else []
        if not versions:
            continue
        texts = [document.title, *_texts(negotiation.revision_from_dict(row.content))]
        for version in versions:
            texts += _texts(negotiation.revision_from_dict(version.content))
        document.search_terms = search.index_terms(*texts)
        document.save(update_fields=["search_terms"])


class Migration(migrations.Migration):
    dependencies = [
        ("languages", "0001_initial"),
        ("negotiation", "0008_search_terms"),
    ]

    operations = [migrations.RunPython(index, migrations.RunPython.noop)]
