"""The registry on SQLite and on a real PostgreSQL server: recording, allocation, status changes."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import create_engine, insert, text

from obv3 import Ed25519Key, Issuer, StaticFetcher, VerificationReport, verify
from obv3.errors import (
    CredentialStateError,
    InvalidCredential,
    RegistryError,
    RegistryUnavailable,
    UnknownCredential,
)
from obv3.registry import SCHEMA_VERSION, Registry
from obv3.registry._core import _engine_url
from obv3.registry._schema import schema_table
from obv3.status import decode_bitstring, get_status
from tests.registry.conftest import ACHIEVEMENT


@pytest.fixture
def registry(registry_url: str, issuer: Issuer) -> Any:
    with Registry(registry_url, create=True) as opened:
        opened.add_issuer(issuer)
        yield opened


def _index(status: dict[str, Any]) -> int:
    return int(status["statusListIndex"])


# -- opening ----------------------------------------------------------------------------------


class TestOpening:
    def test_missing_sqlite_file_is_not_created(self, tmp_path: Any) -> None:
        path = tmp_path / "typo.db"
        with pytest.raises(RegistryError, match="registry init"):
            Registry(str(path))
        assert not path.exists()

    def test_missing_folder_is_not_created(self, tmp_path: Any) -> None:
        with pytest.raises(RegistryUnavailable, match="does not exist"):
            Registry(str(tmp_path / "no" / "such" / "registry.db"), create=True)
        assert not (tmp_path / "no").exists()

    def test_init_is_repeatable_and_versioned(self, registry_url: str) -> None:
        Registry(registry_url, create=True).close()
        with Registry(registry_url, create=True) as again, again._engine.connect() as c:
            versions = c.execute(text("SELECT version FROM obv3_schema")).scalars().all()
        assert versions == list(range(1, SCHEMA_VERSION + 1))

    def test_newer_schema_is_refused(self, registry_url: str) -> None:
        Registry(registry_url, create=True).close()
        engine = create_engine(_engine_url(registry_url))
        with engine.begin() as connection:
            connection.execute(
                insert(schema_table).values(version=SCHEMA_VERSION + 1, applied=datetime.now(UTC))
            )
        engine.dispose()
        with pytest.raises(RegistryError, match="newer than this obv3"):
            Registry(registry_url)

    def test_unknown_scheme(self) -> None:
        with pytest.raises(RegistryError, match="unsupported registry URL"):
            Registry("mysql://db/x")

    def test_database_that_is_down(self, tmp_path: Any) -> None:
        url = f"postgresql://postgres@/obv3?host={tmp_path}&port=1"
        with pytest.raises(RegistryUnavailable, match="failed") as caught:
            Registry(url)
        assert caught.value.__cause__ is None or "password" not in str(caught.value)

    def test_password_is_not_shown(self, tmp_path: Any) -> None:
        url = f"postgresql://postgres:s3cret@/obv3?host={tmp_path}&port=1"
        with pytest.raises(RegistryUnavailable) as caught:
            Registry(url)
        assert "s3cret" not in str(caught.value)

    def test_issuer_is_registered_once(self, registry: Registry, issuer: Issuer) -> None:
        with pytest.raises(RegistryError, match="registered already"):
            registry.add_issuer(issuer)
        registry.add_issuer(issuer, replace=True, key_ref="/keys/issuer.pem")
        info = registry.issuer_info(issuer.id)
        assert info["key_ref"] == "/keys/issuer.pem"
        assert info["status_base_url"] == "https://example.edu/status"
        assert "d" not in json.loads(json.dumps(info["profile"]))

    def test_private_key_is_never_stored(self, registry: Registry, issuer: Issuer) -> None:
        with registry._engine.connect() as connection:
            dump = json.dumps(
                [list(row) for row in connection.execute(text("SELECT * FROM obv3_issuers"))],
                default=str,
            )
        private = issuer.key.to_jwk(private=True)["d"]
        assert private not in dump
        assert issuer.key.to_pem(private=True).splitlines()[1] not in dump

    def test_did_key_issuer_needs_a_status_url(self, registry: Registry) -> None:
        key = Ed25519Key.generate()
        did_key = Issuer({"id": key.did, "type": ["Profile"], "name": "K"}, key)
        with pytest.raises(RegistryError, match="status lists will be hosted"):
            registry.add_issuer(did_key)
        with pytest.raises(RegistryError, match="https URL"):
            registry.add_issuer(did_key, status_base_url="http://example.org/status")
        registry.add_issuer(did_key, status_base_url="https://example.org/status/")
        assert registry.issuer_info(key.did)["status_base_url"] == "https://example.org/status"


# -- issuing ----------------------------------------------------------------------------------


class TestIssuing:
    def test_records_what_it_issues(self, registry: Registry, issuer: Issuer) -> None:
        issued = registry.issue(issuer, ACHIEVEMENT, "Learner@Example.org")
        record = registry.get(issued.id)
        assert record.document == issued.credential
        assert isinstance(issued.credential, dict)
        assert issued.credential["credentialStatus"] == issued.status
        assert record.achievement_id == ACHIEVEMENT["id"]
        assert record.recipient_hashed is True
        assert "learner@example.org" not in record.recipient.lower()
        assert record.state == "active"
        assert record.format == "ldp"
        url = issued.status["statusListCredential"]
        assert registry.allocations(url) == {_index(issued.status): issued.id}

    def test_subject_id_recipient_in_clear(self, registry: Registry, issuer: Issuer) -> None:
        issued = registry.issue(issuer, ACHIEVEMENT, "did:example:learner")
        record = registry.get(issued.id)
        assert (record.recipient, record.recipient_hashed) == ("did:example:learner", False)

    def test_find_by_recipient_and_achievement(self, registry: Registry, issuer: Issuer) -> None:
        first = registry.issue(issuer, ACHIEVEMENT, "ada@example.org")
        registry.issue(issuer, ACHIEVEMENT, "bob@example.org")
        other = registry.issue(issuer, ACHIEVEMENT, "did:example:carol")
        for given in ("ada@example.org", "mailto:ada@example.org", "ADA@example.org"):
            assert [r.id for r in registry.find(given, ACHIEVEMENT["id"])] == [first.id]
        assert [r.id for r in registry.find("did:example:carol", ACHIEVEMENT["id"])] == [other.id]
        assert registry.find("ada@example.org", "https://example.edu/achievements/other") == []

    def test_jwt_credentials(self, registry: Registry) -> None:
        key = Ed25519Key.generate()
        jwt_issuer = Issuer(
            {"id": "did:web:jwt.example.edu", "type": ["Profile"], "name": "J"},
            key,
            suite="jwt-eddsa",
        )
        registry.add_issuer(jwt_issuer)
        issued = registry.issue(jwt_issuer, ACHIEVEMENT, "did:example:learner")
        assert isinstance(issued.credential, str)
        record = registry.get(issued.id)
        assert record.format == "jwt"
        assert record.document == issued.credential

    def test_idempotency_key(self, registry: Registry, issuer: Issuer) -> None:
        first = registry.issue(issuer, ACHIEVEMENT, "ada@example.org", idempotency_key="lms-1")
        again = registry.issue(issuer, ACHIEVEMENT, "ada@example.org", idempotency_key="lms-1")
        assert (first.created, again.created) == (True, False)
        assert again.id == first.id
        assert again.credential == first.credential
        assert registry.count() == 1
        assert sum(item.allocated for item in registry.status_lists(issuer.id)) == 1

    def test_bad_request_costs_no_index(self, registry: Registry, issuer: Issuer) -> None:
        with pytest.raises(InvalidCredential):
            registry.issue(issuer, {"type": ["Achievement"]}, "ada@example.org")
        with pytest.raises(InvalidCredential, match="one plain e-mail"):
            registry.issue(issuer, ACHIEVEMENT, "Ada <ada@example.org>")
        assert registry.count() == 0
        assert all(item.allocated == 0 for item in registry.status_lists(issuer.id))

    def test_unregistered_issuer(self, registry: Registry) -> None:
        key = Ed25519Key.generate()
        stranger = Issuer({"id": "did:web:other.example", "type": ["Profile"], "name": "O"}, key)
        with pytest.raises(RegistryError, match="not in the registry"):
            registry.issue(stranger, ACHIEVEMENT, "ada@example.org")
        assert registry.count() == 0

    def test_registry_sets_status_and_id(self, registry: Registry, issuer: Issuer) -> None:
        with pytest.raises(RegistryError, match="sets 'status'"):
            registry.issue(issuer, ACHIEVEMENT, "ada@example.org", status={"id": "x"})

    def test_full_list_rolls_over(self, registry: Registry, issuer: Issuer) -> None:
        registry._capacity = 3
        issued = [registry.issue(issuer, ACHIEVEMENT, f"l{n}@example.org") for n in range(7)]
        lists = registry.status_lists(issuer.id)
        assert [(item.sequence, item.allocated) for item in lists] == [(1, 3), (2, 3), (3, 1)]
        assert all(item.url.endswith(f"/revocation/{item.sequence}.json") for item in lists)
        entries = {item.status["id"] for item in issued}
        assert len(entries) == 7
        for item in lists:
            assert len(registry.allocations(item.url)) == item.allocated

    def test_indexes_are_random_not_sequential(self, registry: Registry, issuer: Issuer) -> None:
        indexes = [
            _index(registry.issue(issuer, ACHIEVEMENT, f"r{n}@example.org").status)
            for n in range(8)
        ]
        assert len(set(indexes)) == 8
        assert indexes != sorted(indexes) or max(indexes) > 1000  # not 0, 1, 2, ...


# -- status changes ---------------------------------------------------------------------------


def _bit(registry: Registry, issuer: Issuer, status: dict[str, Any]) -> int:
    document = registry.documents(issuer)[status["statusListCredential"]]
    bits = decode_bitstring(document["credentialSubject"]["encodedList"])
    return get_status(bits, _index(status))


class TestStatusChanges:
    def test_revoke(self, registry: Registry, issuer: Issuer) -> None:
        issued = registry.issue(issuer, ACHIEVEMENT, "ada@example.org")
        assert _bit(registry, issuer, issued.status) == 0
        [record] = registry.revoke(issued.id, "  plagiarism  ")
        assert (record.state, record.revoked_reason) == ("revoked", "plagiarism")
        assert _bit(registry, issuer, issued.status) == 1
        assert registry.get(issued.id).revoked is True

    def test_revoking_twice_is_an_error(self, registry: Registry, issuer: Issuer) -> None:
        issued = registry.issue(issuer, ACHIEVEMENT, "ada@example.org")
        registry.revoke(issued.id, "first")
        with pytest.raises(CredentialStateError, match="revoked already"):
            registry.revoke(issued.id, "second")
        assert registry.get(issued.id).revoked_reason == "first"

    def test_unknown_id(self, registry: Registry) -> None:
        with pytest.raises(UnknownCredential, match="urn:uuid:nope"):
            registry.revoke("urn:uuid:nope")
        with pytest.raises(UnknownCredential):
            registry.get("urn:uuid:nope")

    def test_a_batch_is_all_or_nothing(self, registry: Registry, issuer: Issuer) -> None:
        good = registry.issue(issuer, ACHIEVEMENT, "ada@example.org")
        url = good.status["statusListCredential"]
        version = registry.status_lists(issuer.id)[0].version
        with pytest.raises(UnknownCredential):
            registry.revoke([good.id, "urn:uuid:nope"], "batch")
        assert registry.get(good.id).revoked is False
        assert registry.status_lists(issuer.id)[0].version == version
        assert registry.status_lists(issuer.id)[0].url == url

    def test_one_reencoding_per_batch(self, registry: Registry, issuer: Issuer) -> None:
        issued = [registry.issue(issuer, ACHIEVEMENT, f"b{n}@example.org") for n in range(4)]
        before = registry.status_lists(issuer.id)[0].version
        registry.revoke([item.id for item in issued], "course withdrawn", signer=issuer)
        after = registry.status_lists(issuer.id)
        assert after[0].version == before + 1
        with registry._engine.connect() as connection:
            row = connection.execute(
                text("SELECT signed_version, version FROM obv3_status_lists")
            ).one()
        assert row[0] == row[1]  # signed in the same transaction

    def test_suspend_and_unsuspend(self, registry: Registry, issuer: Issuer) -> None:
        issued = registry.issue(issuer, ACHIEVEMENT, "ada@example.org", purpose="suspension")
        assert issued.status["statusPurpose"] == "suspension"
        [record] = registry.suspend(issued.id, "under review")
        assert (record.state, record.suspended_reason) == ("suspended", "under review")
        assert _bit(registry, issuer, issued.status) == 1
        with pytest.raises(CredentialStateError, match="suspended already"):
            registry.suspend(issued.id)
        registry.unsuspend(issued.id, "cleared")
        assert registry.get(issued.id).state == "active"
        assert _bit(registry, issuer, issued.status) == 0
        with pytest.raises(CredentialStateError, match="not suspended"):
            registry.unsuspend(issued.id)

    def test_revoking_a_suspendable_credential_is_final(
        self, registry: Registry, issuer: Issuer
    ) -> None:
        issued = registry.issue(issuer, ACHIEVEMENT, "ada@example.org", purpose="suspension")
        registry.revoke(issued.id, "fraud")
        assert _bit(registry, issuer, issued.status) == 1
        with pytest.raises(CredentialStateError, match="permanent"):
            registry.unsuspend(issued.id)

    def test_revocation_entry_cannot_be_suspended(self, registry: Registry, issuer: Issuer) -> None:
        issued = registry.issue(issuer, ACHIEVEMENT, "ada@example.org")
        with pytest.raises(CredentialStateError, match="cannot express suspension"):
            registry.suspend(issued.id)
        assert registry.get(issued.id).state == "active"

    def test_reason_is_bounded(self, registry: Registry, issuer: Issuer) -> None:
        issued = registry.issue(issuer, ACHIEVEMENT, "ada@example.org")
        with pytest.raises(RegistryError, match="at most"):
            registry.revoke(issued.id, "x" * 5000)
        assert registry.get(issued.id).revoked is False

    def test_revocation_list_document(self, registry: Registry, issuer: Issuer) -> None:
        issued = registry.issue(issuer, ACHIEVEMENT, "ada@example.org")
        registry.revoke(issued.id, "plagiarism")
        document = registry.documents(issuer)["https://example.edu/status/revocation-list.json"]
        assert document["revokedCredentials"] == [
            {"id": issued.id, "revoked": True, "revocationReason": "plagiarism"}
        ]


# -- end to end through the verifier ----------------------------------------------------------


def _served(documents: dict[str, dict[str, Any]]) -> StaticFetcher:
    return StaticFetcher({url: json.dumps(doc).encode() for url, doc in documents.items()})


def assert_status_problem(report: VerificationReport, code: str) -> None:
    """The report fails because of the credential's status (``status.revoked``/``.suspended``)."""
    assert report.outcome == "invalid"
    assert report.codes == [code], report.to_text()


def test_verifier_sees_revocation(registry: Registry, issuer: Issuer) -> None:
    issued = registry.issue(issuer, ACHIEVEMENT, "ada@example.org")
    before = verify(issued.credential, fetcher=_served(registry.documents(issuer)))
    assert before.valid, before.to_text()
    registry.revoke(issued.id, "plagiarism", signer=issuer)
    after = verify(issued.credential, fetcher=_served(registry.documents(issuer)))
    assert_status_problem(after, "status.revoked")


def test_verifier_sees_suspension(registry: Registry, issuer: Issuer) -> None:
    issued = registry.issue(issuer, ACHIEVEMENT, "ada@example.org", purpose="suspension")
    registry.suspend(issued.id, "review")  # re-signed lazily by documents()
    report = verify(issued.credential, fetcher=_served(registry.documents(issuer)))
    assert_status_problem(report, "status.suspended")
    registry.unsuspend(issued.id)
    again = verify(issued.credential, fetcher=_served(registry.documents(issuer)))
    assert again.valid, again.to_text()


def test_database_going_down_loses_nothing(issuer: Issuer) -> None:
    """A server that crashes between two calls: a typed error, and what was committed stays."""
    from tests.registry._postgres import start_server

    server = start_server()  # its own server: this test stops it
    try:
        url = server.create_database("obv3_down")
        with Registry(url, create=True) as registry:
            registry.add_issuer(issuer)
            kept = registry.issue(issuer, ACHIEVEMENT, "ada@example.org")
            server.halt()
            with pytest.raises(RegistryUnavailable, match="failed"):
                registry.issue(issuer, ACHIEVEMENT, "bob@example.org")
            with pytest.raises(RegistryUnavailable):
                registry.revoke(kept.id, "while down")
            server.start()
            assert registry.get(kept.id).state == "active"
            assert registry.count() == 1
            registry.issue(issuer, ACHIEVEMENT, "bob@example.org")
            assert registry.count() == 2
    finally:
        server.stop()
