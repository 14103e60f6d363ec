"""The module-level names of the Python of one Catala module, chosen once for the whole program (classes,
fields, scope functions, globals, positions and constants), and the Python annotation of each Catala type.
The statement pass reads them; the printer writes the declarations they name."""
from __future__ import annotations

import functools
from fractions import Fraction

from catalapy.desugar import ir
from catalapy.lcalc import ir as L
from catalapy.position import SourcePosition

from .effects import asserting_scopes, infallible_scopes
from .names import Name, Namespace, Path, snake_case


class ModuleNames:
    """Names of one Catala module of the program (every module's names are computed the same way, so
    cross-module references agree)."""

    def __init__(self, lpdef: L.ProgramDef, module: str, abroad: dict | None = None) -> None:
        self.lpdef = lpdef
        #: module -> its names, for the modules generated before this one (`pos_in`, `table_in`)
        self.abroad: dict[str, ModuleNames] = {} if abroad is None else abroad
        self.pdef = pdef = lpdef.dcalc
        self.p = pdef.program
        self.module = module
        self.info = self.p.modules[module]
        self.ns = Namespace()
        #: source position -> its module constant, in the order first used
        self.positions: dict[SourcePosition, Name] = {}
        self.position_names: set = set()
        #: (kind, value) -> module constant of a literal; `constant_defs`: (name, kind, value) in the order made
        self.constants: dict = {}
        self.constant_defs: list = []
        self.imports: set = set()
        self.lang = self.info.dialect
        self.class_names: dict = {}
        self.field_names: dict = {}  # struct key -> {catala field: python}
        self.global_names: dict = {}
        self.scope_names: dict = {}  # key -> (out class, in class, function)
        self.body_names: dict = {}  # key -> function taking the inputs as arguments (sub-scope calls)
        #: key -> the same function recording its steps into a `trace` (`--explain`), section at the module's end
        self.traced_body_names: dict = {}
        #: the scopes whose body function takes the caller's list of assertion failures (effects.py)
        self.asserting = asserting_scopes(pdef)
        #: the scopes proved never to raise (effects.py): a call of one may be written where it is read
        self.infallible = infallible_scopes(lpdef)
        self._name_everything()
        self._name_tables()

    def _name_everything(self) -> None:
        for key in self.p.structs:
            st = self.p.structs[key]
            used = Namespace()
            self.field_names[key] = {f: used.fresh(f) for f in st.fields}
        per_module: dict = {}
        for m in self.p.modules:
            per_module[m] = Namespace()
        for key in self.p.scopes:
            ns = per_module[key[0]]
            out = ns.fresh(key[1])
            inn = ns.fresh(key[1] + "In")
            fn = ns.fresh(snake_case(key[1]))
            self.scope_names[key] = (out, inn, fn)
            self.body_names[key] = ns.fresh("_" + fn)
            self.traced_body_names[key] = ns.fresh("_" + fn + "_traced")
            self.class_names[key] = out
        for key in self.p.structs:
            if self.p.structs[key].scope_output is None:
                self.class_names[key] = per_module[key[0]].fresh(key[1])
        for key in self.p.enums:
            self.class_names[key] = per_module[key[0]].fresh(key[1])
        for key in self.p.abstracts:
            self.class_names[key] = per_module[key[0]].fresh(key[1])
        for key in self.p.globals:
            self.global_names[key] = per_module[key[0]].fresh(key[1])
        self.ns = per_module[self.module]

    def _name_tables(self) -> None:
        """The module constants written after the scopes: each scope's `VARIABLES_` table (`table_names`), the
        aliases of the optional types its entries are written with (`type_aliases`: type key -> name), and
        `VARIABLES_OF_SCOPES`."""
        self.table_names: dict = {}
        self.type_aliases: dict = {}
        for key, sd in self.pdef.scopes.items():
            if key[0] != self.module:
                continue
            self.table_names[key] = self.ns.fresh("VARIABLES_" + snake_case(key[1]).upper())
            for _label, _var, decl, _state, _rules in self.table_entries(sd.info):
                if _has_option(decl.type) and type_key(decl.type) not in self.type_aliases:
                    self.type_aliases[type_key(decl.type)] = self.ns.fresh(self._alias_base(decl.type))
        self.variables_of_scopes = self.ns.fresh("VARIABLES_OF_SCOPES")

    def table_entries(self, info: ir.ScopeInfo) -> list:
        """The entries of a scope's `VARIABLES_` table, in order: (label, variable, declaration, state, rules)
        for each input of a sub-scope the scope defines (label `sub.var`, the rules that define it) and each
        state of each variable (label `var` or `var@state`, rules None: those of the scope for it)."""
        out = []
        for nm in info.order:
            if nm in info.subs:
                sub_rules: dict = {}
                for r in info.rules:
                    if r.sub == nm:
                        sub_rules.setdefault(r.var, []).append(r)
                callee = self.p.scopes[info.subs[nm].scope]
                out += [(f"{nm}.{vn}", vn, vd, None, sub_rules[vn]) for vn, vd in callee.vars.items()
                        if vn in sub_rules]
                continue
            vd = info.vars[nm]
            out += [(nm if st is None else f"{nm}@{st}", nm, vd, st, None) for st in vd.states or [None]]
        return out

    def _alias_base(self, t) -> str:
        """`Option_Money`, `List_Option_date`, `Tuple_int_Option_Money`: the name of a type alias, from the
        type."""
        if isinstance(t, ir.TOption):
            return "Option_" + self._alias_base(t.elt)
        if isinstance(t, ir.TList):
            return "List_" + self._alias_base(t.elt)
        if isinstance(t, ir.TTuple):
            return "Tuple_" + "_".join(self._alias_base(e) for e in t.elts)
        if isinstance(t, (ir.TStruct, ir.TEnum, ir.TAbstract)):
            return t.key[1]
        if isinstance(t, ir.TArrow):
            return "Function"
        return self.annot(t)

    @functools.cached_property
    def module_level_names(self) -> frozenset:
        """Names a function-local variable must not shadow."""
        names = {fn for (_, _, fn) in self.scope_names.values()} | set(self.body_names.values())
        names |= set(self.traced_body_names.values())
        names |= set(self.global_names.values())
        names |= {m.python_name for m in self.p.modules.values()}
        return frozenset(names)

    def qual(self, key: ir.Key, name: str) -> str:
        if key[0] == self.module:
            return Name(name)
        other = self.p.modules[key[0]]
        self.imports.add(key[0])
        return Path(f"{other.python_name}.{name}")

    def cls(self, key: ir.Key) -> str:
        return self.qual(key, self.class_names[key])

    def pos(self, p: SourcePosition) -> Name:
        """The module constant holding position ``p`` (made on first use)."""
        if p in self.positions:
            return self.positions[p]
        base = f"POS_{p.start_line}_{p.start_column}"
        name = Name(base)
        i = 2
        while name in self.position_names:
            name = Name(f"{base}_{i}")
            i += 1
        self.positions[p] = name
        self.position_names.add(name)
        return name

    def _used(self, module: str) -> ModuleNames | None:
        """The names of ``module`` when this module uses it (imports it) and it is generated already."""
        if module == self.module or module not in self.info.uses.values():
            return None
        return self.abroad.get(module)

    def pos_in(self, module: str, p: SourcePosition) -> str:
        """Position ``p`` as read by code of a scope of ``module`` written out here (scalc/inline.py): that
        module's constant (`parametres.POS_36_12`) when this module uses it and it names ``p``, this module's
        own otherwise (`pos`)."""
        home = self._used(module)
        if home is None or p not in home.positions:
            return self.pos(p)
        return self._read(home, home.positions[p])

    def _read(self, home: ModuleNames, name: str) -> Path:
        self.imports.add(home.module)
        return Path(f"{home.info.python_name}.{name}")

    def const(self, kind: str, value) -> Name:
        """The module constant holding a decimal ("dec"), date or duration ("dur") literal."""
        k = (kind, value if not isinstance(value, Fraction) else (value.numerator, value.denominator))
        if k not in self.constants:
            self.constants[k] = name = const_name(kind, value)
            self.constant_defs.append((name, kind, value))
        return self.constants[k]

    def table(self, hint: str, annot: str, rows: list, pos: SourcePosition) -> Name:
        """The module constant holding a table of values: a `dict` of type ``annot`` from the integers of
        ``rows`` to the values (their code), made once per content, named after ``hint`` in capitals; ``pos``:
        the declaration of the variable it gives (its comment)."""
        k = ("table", annot, tuple(rows))
        if k not in self.constants:
            name = Name(self.ns.fresh(hint.upper()))
            self.constants[k] = name
            self.constant_defs.append((name, "table", (annot, rows, pos)))
        return self.constants[k]

    def table_in(self, module: str, annot: str, rows: list) -> Path | None:
        """A table of values of a scope of ``module`` written out here, as `table` names it: that module's
        constant (`parametres.MONTANT_BY_ANNEE`) when this module uses it and it holds the same table; None
        when this module is to hold its own (`table`)."""
        home = self._used(module)
        name = home.constants.get(("table", annot, tuple(rows))) if home is not None else None
        return None if name is None else self._read(home, name)

    def annot(self, t) -> str:
        """The Python annotation of a Catala type (ARCHITECTURE.md, runtime value representation)."""
        if isinstance(t, ir.TPrim):
            return {"integer": "int", "decimal": "Decimal", "money": "Money", "boolean": "bool", "date": "date",
                    "duration": "Duration", "unit": "None", "code_location": "SourcePosition"}[t.name]
        if isinstance(t, (ir.TStruct, ir.TEnum, ir.TAbstract)):
            return self.cls(t.key)
        if isinstance(t, ir.TList):
            return f"tuple[{self.annot(t.elt)}, ...]"
        if isinstance(t, ir.TOption):
            return f"Option[{self.annot(t.elt)}]"
        if isinstance(t, ir.TTuple):
            return "tuple[" + ", ".join(self.annot(e) for e in t.elts) + "]"
        if isinstance(t, ir.TArrow):
            return "Callable[[" + ", ".join(self.annot(e) for e in t.params) + f"], {self.annot(t.result)}]"
        return "Any"

    def input_fields(self, info: ir.ScopeInfo) -> list:
        """(Catala name, Python field, declaration) of the inputs of a scope, in declaration order."""
        ns = Namespace()
        out = []
        for nm in info.order:
            vd = info.vars.get(nm)
            if vd is not None and vd.io_input in ("input", "context"):
                out.append((nm, ns.fresh(nm), vd))
        return out

    def field_names_in(self, key) -> dict:
        return {vn: pyf for vn, pyf, _ in self.input_fields(self.p.scopes[key])}


def const_name(kind: str, value) -> Name:
    """The name of the module constant holding a literal (`ModuleNames.const`): `DEC_71_100`, `DATE_2020_01_01`,
    `DUR_0_0_90`, the same in every module."""
    if kind == "dec":
        sign = "M" if value < 0 else ""
        return Name(f"DEC_{sign}{abs(value.numerator)}" + (f"_{value.denominator}" if value.denominator != 1 else ""))
    if kind == "date":
        return Name(f"DATE_{'M' if value.year < 0 else ''}{abs(value.year):04d}_{value.month:02d}_{value.day:02d}")
    return Name("DUR_" + "_".join(("M" if x < 0 else "") + str(abs(x)) for x in value))


def _has_option(t) -> bool:
    """Whether an optional type is part of ``t``."""
    parts = ((t.elt,) if isinstance(t, (ir.TList, ir.TOption)) else t.elts if isinstance(t, ir.TTuple)
             else (*t.params, t.result) if isinstance(t, ir.TArrow) else ())
    return isinstance(t, ir.TOption) or any(_has_option(p) for p in parts)


def type_key(t) -> tuple:
    """A hashable key of a (resolved) type, equal for equal types."""
    if isinstance(t, (ir.TOption, ir.TList)):
        return (type(t).__name__, type_key(t.elt))
    if isinstance(t, ir.TTuple):
        return ("tuple",) + tuple(type_key(e) for e in t.elts)
    if isinstance(t, ir.TArrow):
        return ("arrow", type_key(t.result)) + tuple(type_key(e) for e in t.params)
    if isinstance(t, ir.TPrim):
        return ("prim", t.name)
    if isinstance(t, (ir.TStruct, ir.TEnum, ir.TAbstract)):
        return ("named", t.key)
    return ("other", repr(t))
