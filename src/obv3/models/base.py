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

import functools
import json
import math
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import (
    Annotated,
    Any,
    ClassVar,
    ForwardRef,
    Literal,
    NamedTuple,
    Self,
    TypeVar,
    get_args,
    get_origin,
)

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
from pydantic_core import PydanticCustomError, SchemaValidator

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
    """What a parsed document looked like where the model cannot say (see ``to_json_dict``)."""

    #: The document's member names, in its order.
    source_keys: tuple[str, ...]
    #: Array-typed members the document gave as a single value.
    scalar_keys: frozenset[str]
    #: Date-time members as the document wrote them.
    raw_dates: dict[str, str]


#: The shape of a model built in Python (or parsed from ``{}``): nothing to remember.
_NO_SHAPE = _Shape((), frozenset(), {})
_SHAPE_KEY = "_obv3_shape"


class _Source:
    """The members of the object a model was parsed from, for its :class:`_Shape`.

    A snapshot of the object's ``(name, value)`` pairs, taken when parsing (adding or removing
    members of the caller's dict afterwards changes nothing here), turned into a shape only
    when the model is dumped: a verifier parses every credential and dumps none of them. The
    shape needs only names, whether a value is a list (an object's type never changes) and
    date-time strings (immutable), so the snapshot says what an eager shape would have said.
    (Until then it keeps the document's values alive, as the model's own values are.)

    It lives in pydantic's per-instance private storage (``__pydantic_private__``) under
    :data:`_SHAPE_KEY`, and only on models parsed from a non-empty object: declaring pydantic
    private attributes instead would make pydantic run a Python hook after validating *every*
    model, built or parsed. Copies, pickles and ``==`` carry ``__pydantic_private__`` as they
    did the private attributes; equality compares shapes.
    """

    __slots__ = ("_items", "_model", "_shape")

    def __init__(self, model: type[OBModel], data: dict[str, Any]) -> None:
        self._model = model
        self._items: tuple[tuple[str, Any], ...] | None = tuple(data.items())
        self._shape: _Shape | None = None

    @property
    def shape(self) -> _Shape:
        # Safe when two threads dump the same model: the shape is stored before the snapshot
        # is dropped, so a thread that finds no snapshot finds the shape.
        shape = self._shape
        if shape is not None:
            return shape
        items = self._items
        if items is None:  # another thread has just made it
            return self._shape or _NO_SHAPE
        lists, dates = self._model._list_aliases(), self._model._date_aliases()
        shape = _Shape(
            tuple(key for key, _ in items),
            frozenset(key for key, value in items if key in lists and not isinstance(value, list)),
            {key: value for key, value in items if key in dates and isinstance(value, str)},
        )
        self._shape = shape
        self._items = None  # the document's values are not needed any more
        return shape

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Source) and self.shape == other.shape

    __hash__ = None  # type: ignore[assignment]

    def __getstate__(self) -> tuple[type[OBModel], _Shape]:
        return self._model, self.shape

    def __setstate__(self, state: tuple[type[OBModel], _Shape]) -> None:
        self._model, self._shape = state
        self._items = None


def _shape(model: OBModel) -> _Shape:
    private = model.__pydantic_private__
    if private is None:
        return _NO_SHAPE
    source: _Source | None = private.get(_SHAPE_KEY)
    return _NO_SHAPE if source is None else source.shape


def _remember_source(model: OBModel, data: dict[str, Any]) -> None:
    """Record the parsed object ``data`` on ``model`` (see :class:`_Source`)."""
    if not data:
        return
    source = _Source(type(model), data)
    private = model.__pydantic_private__
    if private is None:
        object.__setattr__(model, "__pydantic_private__", {_SHAPE_KEY: source})
    else:  # a subclass with private attributes of its own: keep them
        private[_SHAPE_KEY] = source


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


OBModelT = TypeVar("OBModelT", bound="OBModel")


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
        # Built in Python, a model is validated without the parse-mode hooks (they do nothing
        # then, but pydantic would still call them for every model and field): see
        # _fast_validator. Classes pydantic cannot build yet take the normal path, which says why.
        validator = _fast_validator(type(self), parsing=False)
        try:
            if validator is None:
                super().__init__(**data)
            else:
                validator.validate_python(data, self_instance=self)
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
        return cls._parse(load_json_object(data))

    @classmethod
    def _parse(cls, obj: dict[str, Any], *, remember_shape: bool = True) -> Self:
        """:meth:`from_json` of a decoded object; ``remember_shape=False`` is for callers that
        only want to know whether (and why not) the document parses, and will not dump it."""
        model = _parse_fast(cls, obj)
        if model is not None:
            if remember_shape:
                _remember_sources(model, obj)
            return model
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
        if isinstance(model, OBModel):
            _remember_source(model, data)
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
                out[key] = strict_json.copy_json(value)
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
        return strict_json.copy_json(value)
    if isinstance(value, str):
        return str(value)  # plain str, also for StrEnum members
    return value


def _dump_list(items: list[Any], raw: str | None) -> list[Any]:
    out = []
    for item in items:
        out.append(item if item.__class__ is str else _dump(item, raw))
    return out


# ------------------------------------------------------------------------------------------------
# The fast parser. Parse mode's rules are Python hooks on every model and every field: a wrap
# validator that injects a marker for each missing ``document_required`` member (and records
# the shape), and a field validator that turns that marker, or a null, into an error. Together
# they were most of the cost of parsing a valid credential, though for a valid document they
# change nothing. So a second validator is compiled, once per class, from the model's own core
# schema with those hooks taken out and their rules stated natively: ``document_required``
# members lose their default (pydantic reports them missing) and no field is nullable (every
# field type of obv3's models refuses null; tests/models/test_fast_parse.py checks each one).
# It accepts exactly the documents parse mode accepts, with the same values; whenever it
# refuses one, the document is parsed again by the models themselves, so that errors (their
# order, pointers and messages) stay exactly those of parse mode. Shapes (:class:`_Source`)
# are then recorded by one walk. Only obv3's own classes get a fast validator: a subclass
# defined elsewhere may have fields (``Any``...) that take null, so it keeps parse mode alone.

#: Modules whose model classes the fast validator knows (see above).
_OWN_MODULES = frozenset(
    f"obv3.models.{name}"
    for name in ("achievement", "credential", "evidence", "identity", "profile", "subject", "vc")
)


def _parse_only_hooks() -> frozenset[Any]:
    return frozenset(
        {
            OBModel._parse_mode.__func__,
            OBModel._no_null_or_missing.__func__,  # type: ignore[attr-defined]
        }
    )


def _hook(node: dict[str, Any]) -> Any:
    function = node.get("function")
    if isinstance(function, dict):
        function = function.get("function")
    return getattr(function, "__func__", function)


def _fast_schema(
    node: Any,
    hooks: frozenset[Any],
    models: set[type],
    *,
    parsing: bool,
    owner: type[OBModel] | None = None,
) -> Any:
    """A copy of core schema ``node`` without the parse-mode ``hooks``; for the fast parser
    (``parsing``) with their rules stated natively (see above). Every model class met is
    added to ``models``."""
    if isinstance(node, list):
        return [_fast_schema(item, hooks, models, parsing=parsing, owner=owner) for item in node]
    if not isinstance(node, dict):
        return node
    kind = node.get("type")
    stripped = (parsing and kind == "nullable") or (
        kind in ("function-before", "function-wrap") and _hook(node) in hooks
    )
    if stripped and isinstance(node.get("schema"), dict):
        inner = _fast_schema(node["schema"], hooks, models, parsing=parsing, owner=owner)
        return {**inner, "ref": node["ref"]} if "ref" in node else inner
    if kind == "model":
        models.add(node["cls"])
        owner = node["cls"] if issubclass(node["cls"], OBModel) else None
    out = {
        key: value
        if key in ("metadata", "serialization")
        else _fast_schema(value, hooks, models, parsing=parsing, owner=owner)
        for key, value in node.items()
    }
    if parsing and kind == "model-fields" and owner is not None:
        required = set(owner.document_required)
        aliases = owner._aliases()
        fields = dict(out["fields"])
        for name, field in fields.items():
            inner = field.get("schema")
            if (
                aliases.get(name) in required
                and isinstance(inner, dict)
                and inner.get("type") == "default"
            ):
                fields[name] = {**field, "schema": inner["schema"]}
        out["fields"] = fields
    return out


#: ``(class, parsing)`` → (the core schema it was made from, the validator or ``None``).
_VALIDATORS: dict[tuple[type[OBModel], bool], tuple[Any, SchemaValidator | None]] = {}


def _fast_validator(cls: type[OBModel], *, parsing: bool = True) -> SchemaValidator | None:
    """The fast validator of ``cls`` for parsing, or the one for building (which only leaves
    out the parse-mode hooks: when building they do nothing), or ``None`` where there is none.
    Made again if the class is rebuilt."""
    schema = cls.__pydantic_core_schema__
    cached = _VALIDATORS.get((cls, parsing))
    if cached is not None and cached[0] is schema:
        return cached[1]
    validator: SchemaValidator | None = None
    models: set[type] = set()
    try:
        fast = _fast_schema(schema, _parse_only_hooks(), models, parsing=parsing)
        if not parsing or all(model.__module__ in _OWN_MODULES for model in models):
            # Without _use_prebuilt=False pydantic-core would reuse each nested class's own
            # (hooked) validator instead of the copy made here.
            validator = SchemaValidator(fast, None, _use_prebuilt=False)
    except Exception:  # a class pydantic cannot (yet) build: its own validator alone then
        validator = None
    _VALIDATORS[(cls, parsing)] = (schema, validator)
    return validator


def _parse_fast(cls: type[OBModelT], obj: dict[str, Any]) -> OBModelT | None:
    """``obj`` parsed by the fast validator, or ``None`` when it refuses it (or cannot run)."""
    validator = _fast_validator(cls)
    if validator is None:
        return None
    try:
        model = validator.validate_python(
            obj, context=dict(PARSE_CONTEXT), by_alias=True, by_name=False
        )
    except (ValidationError, RecursionError):
        return None
    return model if isinstance(model, cls) else None


def _may_hold_models(annotation: Any) -> bool:
    if isinstance(annotation, str | ForwardRef):  # not resolved (yet): assume it may
        return True
    if isinstance(annotation, type) and issubclass(annotation, OBModel):
        return True
    if get_origin(annotation) is Literal:
        return False
    return any(_may_hold_models(arg) for arg in get_args(annotation))


@functools.cache
def _nested_model_fields(cls: type[OBModel]) -> tuple[tuple[str, str], ...]:
    """``(attribute, JSON name)`` of the fields of ``cls`` whose values can be (lists of) models."""
    return tuple(
        (name, field.alias or name)
        for name, field in cls.model_fields.items()
        if _may_hold_models(field.annotation)
    )


def _remember_sources(model: OBModel, data: Any) -> None:
    """Record on ``model`` and every model inside it the object it was parsed from, as parse
    mode does (and, like it, only for models that were given an object)."""
    if not isinstance(data, dict):  # a model instance passed in, kept as it is
        return
    _remember_source(model, data)
    values = model.__dict__
    for name, key in _nested_model_fields(type(model)):
        if key not in data:  # a default: nothing parsed there
            continue
        value = values[name]
        if isinstance(value, OBModel):
            _remember_sources(value, data[key])
        elif isinstance(value, list) and value:
            raw = data[key]
            for item, source in zip(value, raw if isinstance(raw, list) else [raw], strict=True):
                if isinstance(item, OBModel):
                    _remember_sources(item, source)


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
