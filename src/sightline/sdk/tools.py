"""Tools: typed async agent methods whose JSON schema comes from type hints and the docstring."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, get_type_hints, overload

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from sightline.errors import SightlineError
from sightline.sdk.docstrings import parse_docstring

ToolFunc = Callable[..., Awaitable[Any]]
F = TypeVar("F", bound=ToolFunc)

_TOOL_MARK = "__sightline_tool__"
CONTEXT_PARAMETER = "ctx"


class InvalidToolArguments(SightlineError):
    """Arguments for a tool that do not match its schema."""

    def __init__(self, tool: str, detail: str) -> None:
        super().__init__("invalid_arguments", f"bad arguments for tool '{tool}': {detail}")


@dataclass(frozen=True)
class ToolSpec:
    """A tool as the router and the cloud model see it.

    Attributes:
        name: The tool's name, unique within its agent.
        description: What it does, from the docstring summary.
        parameters: The JSON schema of its arguments (an object schema).
        examples: Utterances that call this tool; the edge tier uses them to pick the tool.
        arguments_model: The pydantic model that validates the arguments.
        method_name: The agent method that implements it.
    """

    name: str
    description: str
    parameters: dict[str, Any]
    examples: tuple[str, ...]
    arguments_model: type[BaseModel]
    method_name: str

    def validate(self, arguments: dict[str, Any]) -> dict[str, Any]:
        """Check and coerce arguments against the schema.

        Args:
            arguments: Raw arguments, from the edge parser or a model's tool call.

        Returns:
            The validated arguments, defaults filled in.

        Raises:
            InvalidToolArguments: When they do not fit.
        """
        try:
            model = self.arguments_model.model_validate(arguments)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "arguments"
            raise InvalidToolArguments(self.name, f"{where}: {first['msg']}") from exc
        return model.model_dump()


@overload
def tool(func: F, /) -> F: ...


@overload
def tool(*, name: str | None = None, examples: Sequence[str] = ()) -> Callable[[F], F]: ...


def tool(
    func: F | None = None, /, *, name: str | None = None, examples: Sequence[str] = ()
) -> F | Callable[[F], F]:
    """Mark an agent method as a tool.

    The method must be `async`, take the tool context as its parameter named `ctx`, and annotate
    every other parameter; the docstring's summary and `Args:` section become the descriptions.

    Args:
        func: The method (when used as a bare `@tool`).
        name: The tool name; the method name by default.
        examples: Utterances that should call this tool.

    Returns:
        The method itself, marked.
    """

    def mark(f: F) -> F:
        target: object = f
        if not inspect.iscoroutinefunction(target):
            raise TypeError(f"tool {f.__qualname__} must be an async method")
        setattr(f, _TOOL_MARK, (name or f.__name__, tuple(examples)))
        return f

    return mark(func) if func is not None else mark


def is_tool(obj: object) -> bool:
    """Tell whether an attribute was marked with `@tool`."""
    return hasattr(obj, _TOOL_MARK)


def derive_tool_spec(func: ToolFunc) -> ToolSpec:
    """Build a ToolSpec from a marked method's signature, type hints and docstring.

    Args:
        func: A function marked with `@tool`.

    Returns:
        The spec, with a JSON schema that lists each parameter's type, description and default.

    Raises:
        TypeError: A parameter has no type hint, or the docstring has no summary.
    """
    tool_name, examples = getattr(func, _TOOL_MARK)
    doc = parse_docstring(func.__doc__)
    if not doc.summary:
        raise TypeError(f"tool {func.__qualname__} needs a docstring summary")
    hints = get_type_hints(func)
    fields: dict[str, Any] = {}
    for param in inspect.signature(func).parameters.values():
        if param.name in ("self", CONTEXT_PARAMETER):
            continue
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            raise TypeError(f"tool {func.__qualname__}: *args/**kwargs are not allowed")
        if param.name not in hints:
            raise TypeError(f"tool {func.__qualname__}: parameter '{param.name}' needs a type")
        default = ... if param.default is inspect.Parameter.empty else param.default
        fields[param.name] = (
            hints[param.name],
            Field(default, description=doc.args.get(param.name) or None),
        )
    model_name = "".join(p.capitalize() for p in tool_name.split("_")) + "Arguments"
    arguments_model = create_model(model_name, __config__=ConfigDict(extra="forbid"), **fields)
    return ToolSpec(
        name=tool_name,
        description=doc.description or doc.summary,
        parameters=_clean_schema(arguments_model.model_json_schema()),
        examples=examples,
        arguments_model=arguments_model,
        method_name=func.__name__,
    )


def _clean_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """Drop pydantic's generated titles, which only add tokens to a model's prompt."""
    cleaned: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "title" and isinstance(value, str):
            continue
        if isinstance(value, dict):
            cleaned[key] = (
                {k: _clean_schema(v) for k, v in value.items()}
                if key in ("properties", "$defs")
                else _clean_schema(value)
            )
        elif isinstance(value, list):
            cleaned[key] = [_clean_schema(v) if isinstance(v, dict) else v for v in value]
        else:
            cleaned[key] = value
    return cleaned
