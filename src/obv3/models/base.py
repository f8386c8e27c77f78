"""Shared machinery for every OB 3.0 model: JSON names, parse mode, shape memory, errors.

Two ways in, one way out:

* **Building** (``Achievement(id=..., name=...)``): Python names or JSON names, defaults for
  ``type``/``@context``/``id`` filled in, output in the strict schema shape (arrays everywhere the
  schema wants arrays, UTC date-times as ``YYYY-MM-DDTHH:MM:SSZ``).
* **Parsing** (:meth:`OBModel.from_json`, :func:`obv3.models.parse_credential`): only the JSON
  names count (a snake_case key in a document is an extension field, not a field), every field
  the schema requires must be present (no defaults), ``null`` is refused, and the model remembers
  the document's shape (single value vs array, the exact date-time text, empty arrays, key order)
  so that dumping a parsed third-party credential gives back *equal* JSON. That matters: a
  verifier that re-serialises a signed document must not change what was signed.

:meth:`OBModel.to_json_dict` is the wire format. ``model_dump`` is plain pydantic and is not.
"""

from __future__ import annotations

import copy
import functools
import json
import math
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Annotated, Any, ClassVar, NamedTuple, Self, get_args, get_origin

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainValidator,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from obv3 import _json as strict_json
from obv3._dates import DateError, format_datetime, parse_rfc3339
from obv3.errors import InvalidCredential

__all__ = [
    "PARSE_CONTEXT",
    "Date",
    "DateTime",
    "Listify",
    "Number",
    "OBModel",
    "RuleViolation",
    "TypeList",
    "format_datetime",
    "invalid_from_validation",
    "json_pointer",
    "load_json_object",
    "parse_datetime",
    "utc_now",
]

#: Validation context marking *parse mode* (documents from outside, see module docstring).
PARSE_CONTEXT: dict[str, bool] = {"obv3_parse": True}
_PARSE_KEY = "obv3_parse"

# RFC 3339 ``date-time`` (the same grammar jsonschema's format checker applies): a timezone is
# mandatory, ``T``/``Z`` may be lower case, fractional seconds optional.
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
# Union tags we give pydantic; they are not part of the document, so pointers skip them.
UNION_TAGS = frozenset({"<iri>", "<object>"})


class _Missing:
    """Placeholder injected in parse mode for a required field the document leaves out."""

    def __repr__(self) -> str:
        return "<missing>"


_MISSING = _Missing()


class _Shape(NamedTuple):
    """What a parsed document looked like, where the model alone cannot say (see ``to_json_dict``).

    Kept in pydantic's per-instance private storage (``__pydantic_private__``) under
    :data:`_SHAPE_KEY`, and only on models parsed from a non-empty object: declaring pydantic
    private attributes instead would make pydantic run a Python hook after validating *every*
    model, built or parsed, which was a good part of the cost of building a credential.
    Copies, pickles and ``==`` carry ``__pydantic_private__`` as they did the private attributes.
    """

    #: The document's member names, in its order.
    source_keys: tuple[str, ...]
    #: Array-typed members the document gave as a single value.
    scalar_keys: frozenset[str]
    #: Date-time members as the document wrote them.
    raw_dates: dict[str, str]


#: The shape of a model built in Python (or parsed from ``{}``): nothing to remember.
_NO_SHAPE = _Shape((), frozenset(), {})
_SHAPE_KEY = "_obv3_shape"


def _shape(model: OBModel) -> _Shape:
    private = model.__pydantic_private__
    if private is None:
        return _NO_SHAPE
    shape: _Shape = private.get(_SHAPE_KEY, _NO_SHAPE)
    return shape


class RuleViolation(ValueError):
    """A data-model rule broken below the current object, with relative JSON pointer parts.

    pydantic reports an error raised in a validator at the object that runs the validator; this
    carries the rest of the path (``("result", 0, "status")``) so the error can name the exact
    member. :func:`invalid_from_validation` unpacks it.
    """

    def __init__(self, problems: Iterable[tuple[tuple[str | int, ...], str]]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(message for _, message in self.problems))


def parse_datetime(value: Any) -> datetime:
    """Parse an RFC 3339 date-time with a timezone; anything else is refused (see
    :func:`obv3._dates.parse_rfc3339`, reported in the data model's error vocabulary)."""
    try:
        return parse_rfc3339(value)
    except DateError as error:
        raise PydanticCustomError(f"datetime_{error.kind}", str(error)) from None


def _parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        raise PydanticCustomError("date_type", "must be a calendar date, not a date-time")
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DATE.match(value):
        raise PydanticCustomError("date_format", "must be a date in the form YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("date_range", "is not a real date") from None


def _number(value: Any) -> int | float:
    # JSON numbers only: "3" and true are not numbers. int stays int, so 3 does not turn into
    # 3.0 (which JSON-LD would canonicalize as a different literal).
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("number_type", "must be a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise PydanticCustomError("number_finite", "must be a finite number")
    return value


def _type_list(value: Any) -> Any:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        return value
    raise PydanticCustomError("type_list", "must be a string or a non-empty array of strings")


def _listify(value: Any) -> Any:
    return value if isinstance(value, list) else [value]


#: ``type`` as the strict schema wants it (an array); a single string is accepted on input.
TypeList = Annotated[list[str], BeforeValidator(_type_list)]
DateTime = Annotated[datetime, PlainValidator(parse_datetime)]
Date = Annotated[date, PlainValidator(_parse_date)]
Number = Annotated[int | float, PlainValidator(_number)]


#: Put on a ``list[...]`` field that also accepts a single value (the shape is remembered).
Listify = BeforeValidator(_listify)


def _strip_optional(annotation: Any) -> Any:
    """The core type of ``X | None`` / ``Annotated[X, ...]`` (repeatedly)."""
    while True:
        if get_origin(annotation) is Annotated:
            annotation = get_args(annotation)[0]
            continue
        args = [arg for arg in get_args(annotation) if arg is not type(None)]
        if type(None) in get_args(annotation) and len(args) == 1:
            annotation = args[0]
            continue
        return annotation


class OBModel(BaseModel):
    """Base of every OB 3.0 class: camelCase JSON, extensions kept, parse-mode rules."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        extra="allow",
    )

    #: JSON names that have a Python default (for building) but that a *document* must carry.
    document_required: ClassVar[tuple[str, ...]] = ()
    #: JSON names emitted first, in this order, by models built in Python (readability only).
    output_order: ClassVar[tuple[str, ...]] = ()
    #: Each inner tuple is a "one of these must be in ``type``" requirement.
    type_requirements: ClassVar[tuple[tuple[str, ...], ...]] = ()

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise invalid_from_validation(
                exc, f"invalid {type(self).__name__}", python_names=True
            ) from exc

    # Tell pydantic this __init__ only wraps the standard one: nested validation then keeps
    # calling the core validator directly (a "custom" __init__ would lose the parse context).
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    # ----------------------------------------------------------------- parsing
    @classmethod
    def from_json(cls, data: Mapping[str, Any] | str | bytes) -> Self:
        """Parse a document (a dict or JSON text) strictly; raise :class:`InvalidCredential`."""
        obj = load_json_object(data)
        try:
            return cls.model_validate(
                obj, context=dict(PARSE_CONTEXT), by_alias=True, by_name=False
            )
        except ValidationError as exc:
            raise invalid_from_validation(exc, f"invalid {cls.__name__}") from exc
        except RecursionError:
            raise InvalidCredential("document nests too deeply", [("", "too deep")]) from None

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {name: field.alias or name for name, field in cls.model_fields.items()}

    @classmethod
    @functools.cache
    def _list_aliases(cls) -> frozenset[str]:
        # Fields are fixed once a class exists: computed once per class, not per parse (this
        # typing introspection was most of the cost of parsing a credential).
        return frozenset(
            field.alias or name
            for name, field in cls.model_fields.items()
            if get_origin(_strip_optional(field.annotation)) is list
        )

    @classmethod
    @functools.cache
    def _date_aliases(cls) -> frozenset[str]:
        return frozenset(
            field.alias or name
            for name, field in cls.model_fields.items()
            if _strip_optional(field.annotation) is datetime
        )

    @model_validator(mode="wrap")
    @classmethod
    def _parse_mode(
        cls, data: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
    ) -> Any:
        parsing = bool(info.context and info.context.get(_PARSE_KEY))
        if not parsing or not isinstance(data, dict):
            return handler(data)
        missing = {key: _MISSING for key in cls.document_required if key not in data}
        model = handler({**data, **missing} if missing else data)
        if isinstance(model, OBModel) and data:
            shape = _Shape(
                tuple(data),
                frozenset(
                    key
                    for key in cls._list_aliases()
                    if key in data and not isinstance(data[key], list)
                ),
                {key: data[key] for key in cls._date_aliases() if isinstance(data.get(key), str)},
            )
            private = model.__pydantic_private__
            if private is None:
                object.__setattr__(model, "__pydantic_private__", {_SHAPE_KEY: shape})
            else:  # a subclass with private attributes of its own: keep them
                private[_SHAPE_KEY] = shape
        return model

    @field_validator("*", mode="before")
    @classmethod
    def _no_null_or_missing(cls, value: Any, info: ValidationInfo) -> Any:
        if value is _MISSING:
            raise PydanticCustomError("missing", "Field required")
        if value is None and info.context and info.context.get(_PARSE_KEY):
            raise PydanticCustomError("null", "must not be null")
        return value

    @field_validator("type", mode="after", check_fields=False)
    @classmethod
    def _required_types(cls, value: Any) -> Any:
        for options in cls.type_requirements:
            if not any(option in value for option in options):
                wanted = " or ".join(repr(option) for option in options)
                raise PydanticCustomError("type_value", "must contain {wanted}", {"wanted": wanted})
        return value

    # ----------------------------------------------------------------- output
    @classmethod
    @functools.cache
    def _dump_plan(cls) -> tuple[tuple[str, str], ...]:
        """``(attribute, JSON name)`` of every field, in declaration order (fixed per class)."""
        return tuple((name, field.alias or name) for name, field in cls.model_fields.items())

    @classmethod
    @functools.cache
    def _output_rank(cls) -> dict[str, int]:
        return {key: index for index, key in enumerate(cls.output_order)}

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON object (camelCase) of this model, ready for ``json.dumps`` or signing.

        ``None`` and empty arrays are left out and arrays stay arrays, unless this object was
        parsed from a document: then its own shape (single value vs array, empty arrays, the
        exact date-time text, key order) comes back unchanged wherever the value is unchanged.
        Extension fields come back under their original names.
        """
        # Issuing dumps every credential it builds, so this reads the validated values straight
        # from the instance (pydantic's attribute hooks are slow) and walks a per-class plan.
        out: dict[str, Any] = {}
        values = self.__dict__
        shape = _shape(self)
        source_keys, scalar_keys, raw_dates = shape
        for name, key in type(self)._dump_plan():
            value = values[name]
            if value is None:
                continue
            if isinstance(value, list):
                if not value and key not in source_keys:
                    continue
                dumped = _dump_list(value, raw_dates.get(key) if raw_dates else None)
                if len(dumped) == 1 and key in scalar_keys:
                    out[key] = dumped[0]
                    continue
                out[key] = dumped
            else:
                out[key] = _dump(value, raw_dates.get(key) if raw_dates else None)
        extra = self.__pydantic_extra__
        if extra:
            for key, value in extra.items():
                # An extension member built in Python (not parsed) has had no depth bound yet;
                # one nested past the stack would crash the copy below, or signing later.
                try:
                    strict_json.check_depth(value)
                except InvalidCredential as exc:
                    raise InvalidCredential(str(exc), [(json_pointer([key]), str(exc))]) from None
                out[key] = copy.deepcopy(value)
        if source_keys:
            order = {key: index for index, key in enumerate(source_keys)}
        elif self.output_order:
            order = type(self)._output_rank()
        else:
            return out
        last = len(order)
        return dict(sorted(out.items(), key=lambda item: order.get(item[0], last)))

    def to_json(self, **kwargs: Any) -> str:
        """``json.dumps(self.to_json_dict(), **kwargs)``."""
        return json.dumps(self.to_json_dict(), **kwargs)


def _dump(value: Any, raw: str | None) -> Any:
    """One field value as JSON; ``raw`` is the field's date-time text in the parsed document."""
    kind = value.__class__
    if kind is str or kind is int or kind is bool or kind is float:
        return value
    if isinstance(value, OBModel):
        return value.to_json_dict()
    if isinstance(value, list):
        return _dump_list(value, raw)
    if isinstance(value, datetime):
        if raw is not None:
            original = datetime.fromisoformat(raw.upper())
            if original == value and original.utcoffset() == value.utcoffset():
                return raw
        return format_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return copy.deepcopy(value)
    if isinstance(value, str):
        return str(value)  # plain str, also for StrEnum members
    return value


def _dump_list(items: list[Any], raw: str | None) -> list[Any]:
    out = []
    for item in items:
        out.append(item if item.__class__ is str else _dump(item, raw))
    return out


def load_json_object(data: Mapping[str, Any] | str | bytes) -> dict[str, Any]:
    """Decode JSON text strictly (or accept a mapping) and insist on an object at the top.

    Text goes through :func:`obv3._json.loads`, so duplicate keys, ``NaN`` and absurd nesting
    are refused here exactly as everywhere else in obv3.
    """
    if isinstance(data, Mapping):
        return dict(data)
    if isinstance(data, bytearray):
        data = bytes(data)
    if not isinstance(data, str | bytes):
        raise InvalidCredential(
            "document must be a JSON object", [("", f"got {type(data).__name__}")]
        )
    try:
        obj = strict_json.loads(data)
    except InvalidCredential as exc:
        raise InvalidCredential(str(exc), [("", str(exc))]) from None
    if not isinstance(obj, dict):
        raise InvalidCredential(
            "document must be a JSON object", [("", f"got a JSON {type(obj).__name__}")]
        )
    return obj


def json_pointer(parts: Iterable[str | int]) -> str:
    """RFC 6901 pointer from path parts (``~`` and ``/`` escaped)."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def _json_name(part: str | int) -> str | int:
    if part == "context":
        return "@context"
    return to_camel(part) if isinstance(part, str) and "_" in part else part


def invalid_from_validation(
    exc: ValidationError, message: str, *, python_names: bool = False
) -> InvalidCredential:
    """Turn pydantic's error list into one :class:`InvalidCredential` with JSON pointers.

    ``python_names``: the input was keyword arguments (building), whose snake_case names are
    mapped to the JSON names so that pointers always use the document's spelling.
    """
    problems: list[tuple[str, str]] = []
    for error in exc.errors(include_url=False):
        loc = [part for part in error["loc"] if part not in UNION_TAGS]
        if python_names:
            loc = [_json_name(part) for part in loc]
        cause = (error.get("ctx") or {}).get("error")
        if isinstance(cause, RuleViolation):
            problems.extend((json_pointer([*loc, *sub]), text) for sub, text in cause.problems)
            continue
        text = error["msg"].removeprefix("Value error, ")
        problems.append((json_pointer(loc), text))
    summary = "; ".join(f"{path or '/'}: {text}" for path, text in problems[:5])
    more = f" (+{len(problems) - 5} more)" if len(problems) > 5 else ""
    return InvalidCredential(f"{message}: {summary}{more}", problems)


def utc_now() -> datetime:
    """Now in UTC, whole seconds (the form new credentials carry)."""
    return datetime.now(UTC).replace(microsecond=0)
