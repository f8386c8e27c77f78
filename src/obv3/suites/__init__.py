"""One registry of proof suites: what obv3 signs and verifies, and with which keys.

Every suite obv3 knows is one :class:`Suite` in :data:`REGISTRY`, keyed by the name
:class:`~obv3.issue.Issuer` takes (``suite="ecdsa-rdfc-2019"``). A suite says what its proofs
look like (``proof_type`` + ``cryptosuite`` for Data Integrity, the JOSE ``alg`` for VC-JWT
and OB 2.0 JWS), which key types sign and verify it, whether obv3 can sign it, and offers
:meth:`Suite.sign` and :meth:`Suite.verify`. The tables that used to be kept apart (the
issuer's suites, the proof dispatch, the JWT and OB 2.0 algorithm lists, the status-list
suites) are all views of this one.

The implementations stay in their modules (:mod:`obv3.proofs`, :mod:`obv3.ob2.jws`) and are
imported when a suite is first used, so those modules may consult the registry themselves.

Lookups: :func:`get` (by name), :func:`for_proof` (a Data Integrity proof object),
:func:`jose_algorithms` (the ``alg`` allowlist of a JOSE profile).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType, ModuleType
from typing import Any, Literal

from obv3.errors import InvalidKey, UnsupportedSuite
from obv3.keys import Ed25519Key, KeyBase, P256Key, P384Key, RsaKey

__all__ = [
    "REGISTRY",
    "Format",
    "Suite",
    "for_proof",
    "get",
    "jose_algorithms",
    "names",
]

#: ``data-integrity``: a ``proof`` object in the JSON document; ``vc-jwt``: OB 3.0 §8.2
#: compact JWS; ``ob2-jws``: a signed OB 2.0 assertion (the JWS payload is the assertion).
Format = Literal["data-integrity", "vc-jwt", "ob2-jws"]


@dataclass(frozen=True)
class Suite:
    """One proof suite: its name, what its proofs look like, its keys, and sign / verify.

    ``cryptosuite`` is the name a Data Integrity proof carries (None for
    ``Ed25519Signature2020``, which has none); ``aliases`` are other cryptosuite names it
    verifies under (drafts' names). ``alg`` is the JOSE algorithm of JWS suites.
    ``can_sign`` is False for suites obv3 only verifies (``ecdsa-sd-2023`` derived proofs).
    """

    name: str
    format: Format
    proof_type: str
    cryptosuite: str | None
    key_types: tuple[type[KeyBase], ...]
    module: str
    can_sign: bool = True
    alg: str | None = None
    aliases: tuple[str, ...] = field(default=())

    # ---- what it accepts

    def accepts(self, key: object) -> bool:
        """Whether ``key`` is of a type this suite works with."""
        return isinstance(key, self.key_types)

    def check_key(self, key: object, *, signing: bool = False) -> None:
        """:class:`InvalidKey` unless ``key`` fits (and, when ``signing``, can sign)."""
        if not self.accepts(key):
            wanted = " or ".join(cls.__name__ for cls in self.key_types)
            raise InvalidKey(f"suite {self.name} works with {wanted}, not {type(key).__name__}")
        if signing:
            if not self.can_sign:
                raise UnsupportedSuite(f"obv3 verifies {self.name} proofs but does not make them")
            assert isinstance(key, KeyBase)
            if not key.has_private:
                raise InvalidKey("the key is public-only and cannot sign")

    def matches(self, proof: Mapping[str, Any]) -> bool:
        """Whether a Data Integrity ``proof`` object is of this suite."""
        if self.format != "data-integrity" or proof.get("type") != self.proof_type:
            return False
        if self.cryptosuite is None:
            return "cryptosuite" not in proof
        return proof.get("cryptosuite") in (self.cryptosuite, *self.aliases)

    @property
    def implementation(self) -> ModuleType:
        """The module that implements the suite (imported on first use)."""
        return importlib.import_module(self.module)

    # ---- sign and verify

    def sign(self, document: Mapping[str, Any], key: KeyBase, **options: Any) -> Any:
        """Sign ``document`` with ``key``: a signed copy (Data Integrity) or a compact JWS.

        ``verification_method`` (the proof's ``verificationMethod``, or the JWS ``kid``) and
        the implementation's other keyword options are passed through.
        """
        self.check_key(key, signing=True)
        module = self.implementation
        method = (
            options.pop("verification_method", None) if self.format != "data-integrity" else None
        )
        if self.format == "vc-jwt":
            if method is not None:
                options["kid"] = method
            return module.sign(document, key, **options)
        if self.format == "ob2-jws":
            # OB 2.0 names the key in verification.creator; the kid is a courtesy.
            if method is not None:
                options["header"] = {"kid": method, **options.get("header", {})}
            return module.sign_jws(document, key, **options)
        return module.sign(document, key, **options)

    def verify(self, secured: Any, public_key: KeyBase, **options: Any) -> Any:
        """Verify ``secured`` with ``public_key``; return what the implementation returns.

        Data Integrity: ``verify(document, key, proof=None)`` returns None or raises.
        VC-JWT: returns :class:`~obv3.proofs.jwt.VerifiedJwt` (only this suite's ``alg``).
        OB 2.0 JWS: returns the decoded JWS.
        """
        self.check_key(public_key)
        module = self.implementation
        if self.format == "vc-jwt":
            return module.verify_jwt(secured, public_key, algorithms=(self.alg,), **options)
        if self.format == "ob2-jws":
            return module.verify_jws(secured, public_key)
        return module.verify(secured, public_key, **options)

    def select_proofs(self, document: Mapping[str, Any]) -> list[dict[str, Any]]:
        """The proofs of this suite in ``document`` (Data Integrity suites only)."""
        if self.format != "data-integrity":
            raise UnsupportedSuite(f"{self.name} proofs are not embedded in a document")
        result: list[dict[str, Any]] = self.implementation.select_proofs(document)
        return result


_EC = (P256Key, P384Key)
_DI = "DataIntegrityProof"

#: Every suite obv3 knows, by name, in the order ``obv3 issue --suite`` lists them.
REGISTRY: Mapping[str, Suite] = MappingProxyType(
    {
        suite.name: suite
        for suite in (
            Suite(
                "eddsa-rdfc-2022",
                "data-integrity",
                _DI,
                "eddsa-rdfc-2022",
                (Ed25519Key,),
                "obv3.proofs.eddsa_rdfc_2022",
                aliases=("eddsa-2022",),
            ),
            Suite(
                "Ed25519Signature2020",
                "data-integrity",
                "Ed25519Signature2020",
                None,
                (Ed25519Key,),
                "obv3.proofs.ed25519_signature_2020",
            ),
            Suite(
                "eddsa-jcs-2022",
                "data-integrity",
                _DI,
                "eddsa-jcs-2022",
                (Ed25519Key,),
                "obv3.proofs.eddsa_jcs_2022",
            ),
            Suite(
                "ecdsa-rdfc-2019",
                "data-integrity",
                _DI,
                "ecdsa-rdfc-2019",
                _EC,
                "obv3.proofs.ecdsa_rdfc_2019",
            ),
            Suite(
                "ecdsa-sd-2023",
                "data-integrity",
                _DI,
                "ecdsa-sd-2023",
                (P256Key,),
                "obv3.proofs.ecdsa_sd_2023",
                can_sign=False,
            ),
            Suite("jwt-rs256", "vc-jwt", "JWT", None, (RsaKey,), "obv3.proofs.jwt", alg="RS256"),
            Suite("jwt-es256", "vc-jwt", "JWT", None, (P256Key,), "obv3.proofs.jwt", alg="ES256"),
            Suite("jwt-es384", "vc-jwt", "JWT", None, (P384Key,), "obv3.proofs.jwt", alg="ES384"),
            Suite(
                "jwt-eddsa", "vc-jwt", "JWT", None, (Ed25519Key,), "obv3.proofs.jwt", alg="EdDSA"
            ),
            Suite("ob2-rs256", "ob2-jws", "JWS", None, (RsaKey,), "obv3.ob2.jws", alg="RS256"),
            Suite("ob2-es256", "ob2-jws", "JWS", None, (P256Key,), "obv3.ob2.jws", alg="ES256"),
        )
    }
)


def get(name: str) -> Suite:
    """The suite called ``name``; :class:`UnsupportedSuite` listing the choices otherwise."""
    suite = REGISTRY.get(name) if isinstance(name, str) else None
    if suite is None:
        raise UnsupportedSuite(f"unknown suite {name!r}; choose one of {', '.join(REGISTRY)}")
    return suite


def names(format: Format | None = None, *, signing: bool = False) -> tuple[str, ...]:
    """Suite names, optionally of one ``format`` and only those obv3 can sign."""
    return tuple(
        name
        for name, suite in REGISTRY.items()
        if (format is None or suite.format == format) and (suite.can_sign or not signing)
    )


def for_proof(proof: object) -> Suite:
    """The Data Integrity suite of ``proof``; :class:`UnsupportedSuite` for anything else."""
    if not isinstance(proof, Mapping):
        raise UnsupportedSuite(f"a proof must be a JSON object, not {type(proof).__name__}")
    proof_type, cryptosuite = proof.get("type"), proof.get("cryptosuite")
    if isinstance(proof_type, str) and isinstance(cryptosuite, str | None):
        for suite in REGISTRY.values():
            if suite.matches(proof):
                return suite
    raise UnsupportedSuite(f"unsupported proof type {proof_type!r} / cryptosuite {cryptosuite!r}")


def jose_algorithms(format: Literal["vc-jwt", "ob2-jws"]) -> tuple[str, ...]:
    """The JOSE ``alg`` values of one profile, in registry order (its allowlist)."""
    return tuple(suite.alg for suite in REGISTRY.values() if suite.format == format and suite.alg)
