"""Deleted by mistake: soft delete, restore, and purge by admins only."""

from django.core.files.base import ContentFile
from django.urls import reverse

from clients.models import CaseNote, ClientAlias, Document

from .factories import AliasFactory, NoteFactory


def test_author_deletes_a_note_and_restores_it(client, caseworker, client_record):
    note = NoteFactory(client=client_record, author=caseworker, body="Wrong client, sorry.")
    client.force_login(caseworker)
    client.post(reverse("clients:note_delete", args=[client_record.reference, note.pk]))
    assert not client_record.notes.exists()
    page = client.get(reverse("clients:notes", args=[client_record.reference]))
    assert "Wrong client, sorry." not in page.content.decode()
    assert CaseNote.all_objects.get(pk=note.pk).deleted_by == caseworker

    deleted = client.get(reverse("clients:deleted", args=[client_record.reference]))
    assert "Wrong client" in deleted.content.decode()
    client.post(reverse("clients:record_restore", args=[client_record.reference, "note", note.pk]))
    assert client_record.notes.get().body == "Wrong client, sorry."


def test_someone_elses_note_cannot_be_deleted(
    client, psychosocial_worker, caseworker, client_record
):
    note = NoteFactory(client=client_record, author=caseworker)
    client.force_login(psychosocial_worker)
    url = reverse("clients:note_delete", args=[client_record.reference, note.pk])
    assert client.post(url).status_code == 404
    assert client_record.notes.exists()


def test_deleted_psychosocial_notes_stay_need_to_know(
    client, caseworker, psychosocial_worker, client_record
):
    note = NoteFactory(
        client=client_record, author=psychosocial_worker, kind="psychosocial", body="Nightmares."
    )
    client.force_login(psychosocial_worker)
    client.post(reverse("clients:note_delete", args=[client_record.reference, note.pk]))
    client.force_login(caseworker)
    page = client.get(reverse("clients:deleted", args=[client_record.reference]))
    assert "Nightmares." not in page.content.decode()
    restore = reverse("clients:record_restore", args=[client_record.reference, "note", note.pk])
    assert client.post(restore).status_code == 404


def test_alias_delete_is_soft(client, caseworker, client_record):
    alias = AliasFactory(client=client_record, name="Aisha Rehman")
    client.force_login(caseworker)
    client.post(reverse("clients:alias_delete", args=[client_record.reference, alias.pk]))
    assert not client_record.aliases.exists()
    assert ClientAlias.all_objects.filter(pk=alias.pk).exists()


def test_document_delete_restore_and_admin_purge(client, caseworker, admin, client_record):
    document = Document(
        client=client_record,
        category="evidence",
        title="Wrong upload",
        original_name="a.pdf",
        content_type="application/pdf",
        size=5,
        uploaded_by=caseworker,
    )
    document.file.save("x", ContentFile(b"%PDF-"), save=False)
    document.save()
    path = document.file.path
    client.force_login(caseworker)
    client.post(reverse("clients:document_delete", args=[client_record.reference, document.pk]))
    assert not client_record.documents.exists()

    client.force_login(admin)
    listing = client.get(reverse("deleted_records")).content.decode()
    assert client_record.reference in listing
    assert "Wrong upload" not in listing  # the kind of record, never its content
    client.post(reverse("deleted_record_purge", args=["document", document.pk]))
    assert not Document.all_objects.filter(pk=document.pk).exists()
    assert not __import__("os").path.exists(path)


def test_only_admins_purge_and_only_deleted_records(
    client, caseworker, supervisor, admin, client_record
):
    alias = AliasFactory(client=client_record)
    for person in (caseworker, supervisor):
        client.force_login(person)
        assert client.get(reverse("deleted_records")).status_code == 403
        assert (
            client.post(reverse("deleted_record_purge", args=["alias", alias.pk])).status_code
            == 403
        )
    client.force_login(admin)
    response = client.post(reverse("deleted_record_purge", args=["alias", alias.pk]))
    assert response.status_code == 404  # a live record is never purged
    assert ClientAlias.objects.filter(pk=alias.pk).exists()
    assert client.post(reverse("deleted_record_purge", args=["nonsense", 1])).status_code == 404
