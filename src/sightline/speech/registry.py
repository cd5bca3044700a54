"""The speech back-end registry: configuration names → how to build each back-end.

A back-end is registered by name with two import paths ("module:attribute"), resolved only
when that back-end is chosen, so an uninstalled extra costs nothing until it is asked for:

- `factory` builds the back-end from keyword options;
- `options` (optional) reads those options from `Settings`; it lives next to the back-end, so
  adding a recogniser or a voice is one new module plus one `register` line in
  `sightline.speech.backends` (or an entry point, see `load_entry_points`).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from sightline.errors import SightlineError

if TYPE_CHECKING:
    from sightline.config import Settings

T = TypeVar("T")
Examples = Mapping[str, Sequence[str]] | None
OptionsReader = Callable[["Settings", Examples], dict[str, Any]]
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BackendSpec:
    """One registered back-end.

    Attributes:
        name: Its configuration name (`SIGHTLINE_STT_BACKEND`, `SIGHTLINE_TTS_BACKEND`).
        factory: "module:attribute" of the callable that builds it from keyword options.
        options: "module:attribute" of `(settings, examples) -> options`, if it has settings.
    """

    name: str
    factory: str
    options: str | None = None


def resolve(path: str) -> Any:
    """The object a "module:attribute" path names (imported now)."""
    module, _, attribute = path.partition(":")
    return getattr(importlib.import_module(module), attribute)


class BackendRegistry(Generic[T]):
    """Back-ends of one kind (recognisers or synthesisers) by configuration name.

    Args:
        kind: What they are, for messages ("speech recogniser").
        group: The entry-point group plugins register back-ends in.
    """

    def __init__(self, kind: str, group: str) -> None:
        self.kind = kind
        self.group = group
        self._specs: dict[str, BackendSpec] = {}
        self._plugins_loaded = False

    def register(self, name: str, factory: str, options: str | None = None) -> None:
        """Add a back-end (a later registration of the same name replaces it)."""
        self._specs[name] = BackendSpec(name, factory, options)

    def names(self) -> list[str]:
        """Every registered name, built-ins first."""
        self.load_entry_points()
        return list(self._specs)

    def spec(self, name: str) -> BackendSpec:
        """The named back-end's registration.

        Raises:
            SightlineError: `unknown_backend`, listing the names there are.
        """
        self.load_entry_points()
        try:
            return self._specs[name]
        except KeyError:
            have = ", ".join(self._specs)
            raise SightlineError(
                "unknown_backend", f"no {self.kind} {name!r} (have: {have})"
            ) from None

    def build(self, name: str, **options: Any) -> T:
        """Build the named back-end from explicit options.

        Raises:
            SightlineError: `unknown_backend`; `bad_config` for options it does not take;
                `backend_missing` when its extra is not installed.
        """
        factory = resolve(self.spec(name).factory)
        try:
            built: T = factory(**options)
        except TypeError as error:
            raise SightlineError("bad_config", f"{self.kind} {name!r}: {error}") from error
        return built

    def options_for(
        self, name: str, settings: Settings, examples: Examples = None
    ) -> dict[str, Any]:
        """The named back-end's options read from `settings` (empty when it has none)."""
        spec = self.spec(name)
        if spec.options is None:
            return {}
        reader: OptionsReader = resolve(spec.options)
        return reader(settings, examples)

    def from_settings(self, name: str, settings: Settings, examples: Examples = None) -> T:
        """Build the named back-end with its options from `settings`."""
        return self.build(name, **self.options_for(name, settings, examples))

    def load_entry_points(self) -> None:
        """Add back-ends that installed packages declare in this registry's entry-point group.

        An entry point's name is the back-end's name and its value the factory
        ("package.module:factory"), called without options (a plugin reads its own
        configuration). Built-in names cannot be taken over.
        """
        if self._plugins_loaded:
            return
        self._plugins_loaded = True
        for point in entry_points(group=self.group):
            if point.name in self._specs:
                log.warning(
                    "%s %r from %s ignored: the name is taken", self.kind, point.name, point.value
                )
                continue
            self._specs[point.name] = BackendSpec(point.name, point.value, None)
