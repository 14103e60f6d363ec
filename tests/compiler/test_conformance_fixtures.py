"""Regression fixtures for conformance with the reference compiler (written for catalapy, not copied from the
reference suite). Each folder of ``fixtures_conformance/`` holds a ``main.catala_*`` with a ``#[test]`` scope
``S`` and ``expected.txt``: what the reference prints, warnings (stderr) first, then the result box.

What each fixture pins down, with the expected values worked out by hand:

- ``root_types``: a used module ``Shape`` that declares a type ``Shape`` exposes it as ``Shape`` (type and
  structure literal); constructors of used modules (``Blue`` of ``Shape.Colour``, ``February`` of the stdlib
  ``Date.Month``) are visible without prefix; the stdlib ``Period`` structure is ``Period``.
  box = {width 2, height 3}, colour = Blue, span = 2024-01-01..2024-01-31, first = February.
- ``user_module_named_like_stdlib``: a user module ``Liste`` shadows the stdlib alias for its users while it
  still reaches the stdlib ``Liste`` itself; module files are found case-insensitively (``mesdates`` for
  ``MesDates``), and an English module is usable from a French file.
  n = Liste.séquence de 1, 4 = [1; 2; 3] (end excluded, as the reference's implementation);
  m = Février; e = (January = Date.Month.January) = vrai.
- ``lints``: the reference's warnings in its order (desugaring: unreachable wildcard; linting: never-defined,
  unused variable, unused structure, identical definitions; then "all fields rewritten"); the sub-scope read
  only by an assertion is not reported. p = {1, 2}; q = {3, 4}; c = Yes since p.left = 1; n = 1 (arm Yes).
- ``tuple_argument_call``: a function of several parameters applied to one tuple (literal or bound by ``let``)
  gets the tuple's items as arguments, also for a stdlib function taking an implicit position. leap = 2024-02-29
  (2024 is a leap year), spring = 2024-03-20, sum = 40 + 2 = 42.
- ``zip_single_binder``: one name over 2 or 3 zipped lists binds the tuple of items, and a filter over zipped
  lists keeps tuples: ``[(1, true); (2, false); (3, true)]``, ``[111; 222]``, ``[(2, 5); (3, 6)]``.
- ``far_date``: dates of year 0 run as in the reference (proleptic Gregorian calendar, year 0 leap):
  0000-02-29 + 1 day = 0000-03-01; 0000-11-15 + 2025 years = 2025-11-15; 0001-01-01 − 0000-01-01 = 366 days.
- ``input_states``: an ``entrée`` variable with states takes the caller's value as its first state; later
  states have rules reading the previous one. 11 500,40 € → à l'euro : arrondi(11 499,90) = 11 500 € →
  plancher : max(11 500, 12 000) = 12 000 €; ``base`` reads the first state: 11 500,40 €.
- ``external_module``: ``> Module Partage externe`` is implemented by ``partage.py`` beside it (the convention of
  ``catalapy.driver.external_implementation_file``): 100 € shared by 3 = 10 000 // 3 = 3 333 cents = 33,33 €,
  ``premier_rang`` = 1.
- ``polish_dialect``: a ``.catala_pl`` file (the reference's Polish keywords, English stdlib): 2 % of
  123,456.50 PLN = 2,469.13 PLN; printed as the reference's runtime prints Polish (``falsz``, ``[7 dzien]``,
  ``2,469.13 PLN``).
- ``module_path``: ``M.Base.Point`` (type, structure literal), ``M.Base.origin`` and the scope ``M.Base.Double``
  reach the module ``Base`` through ``Middle`` (alias ``M``), which uses it; structures print over several
  lines as in the reference's tests/modules/good/mod_use2. d = 21 × 2 = 42.
- ``position_in_tuple``: a position alone prints ``file:L.C-C`` (20.27-31), inside a tuple ``file:L.C-L-C``
  (21.30-21-34), as the reference's runtime prints nested values.
- ``function_comparison_unused``: a comparison of functions in a scope that is not run does not stop the
  program (the reference's S3a); r = 21 × 2 = 42.
- ``implicit_position_user``: ``#[implicit_position_argument]`` on the last parameter of a user function
  receives the call's position (the function name's span, 21.24-36); on the first, ``twice of 21`` = 42.

Fixtures with an ``exit_code`` file expect that exit code and the error box (warnings of the passes before first):

- ``input_state_first_defined``: the first state of an input cannot be defined (the reference's message of
  tests/io/bad/redefining_input: declaration 6.9-15, then ``definition income`` 12.3-20).
- ``external_module_missing``: without ``oracle.py`` the run stops with an error naming the expected file, at the
  module's declaration (1.10-16), as the reference's "Compiled OCaml object … not found. Module defined here".
- ``function_comparison``: comparing functions is a run-time error at the operator (14.28-29), in the
  reference's words ("During evaluation: attempting to compare values with uncomparable types.").
- ``param_name_mismatch``: ``definition double of m`` for ``depends on n`` is rejected (declaration 5.46-47,
  definition 9.24-25).
- ``recursive_enum``: ``-- Node content list of Tree`` inside ``Tree``; the linter's never-used warning on
  ``Node`` (6.6-10) comes before the error on the written type ``list of Tree`` (6.19-31); both messages break
  where the reference's do.
- ``private_module_type``: a structure declared in a ```catala block of module ``Inner`` cannot be named by
  its user (``Inner.Hidden`` 6.20-32; declaration inner.catala_en 9.23-29), while the ```catala-metadata one can.
- ``paren_position``: the span of a parenthesised expression includes its parentheses: the scope call refused in
  a toplevel definition is shown at ``(output of T)``, 17.10-23.
- ``matched_twice``: a constructor matched twice is reported at the later case's consequence (``3``, 17.13-14),
  then at the earlier one's (``1``, 15.13-14), with the reference's sentence and its final period.
- ``scope_cycle``: A uses B (sub-scope), B uses S (``output of S``), S uses A: the reference's walk starts at the
  last declared scope of the cycle and goes to a scope that uses it: ``S → B → A → S``, each use placed
  (19.23-36, 5.3-4, 12.3-4).
- ``field_suggestions``: ``p.x20`` on a structure with fields x1, x2, x10, y, z: the whole access (17.47-52), the
  structure's declaration, and the reference's suggestions: by edit distance (x2 and x10 at 1, x1 at 2, y and
  z at 3), digits compared as numbers within a distance (x2 before x10), five at most.
- ``operator_types``: ``price * count`` on two amounts: the whole operation (12.23-36), then where each operand's
  type money comes from (the declarations, 5.25-30 and 6.25-30).
- ``misplaced_error_message``: ``#[error.message]`` before a definition is not used; the reference's warning at
  the attribute (8.3-32), then the result w = 1 + 2 = 3.
- ``wildcard_not_last``: a wildcard before other cases, in two definitions: both are reported (1/2, 2/2: name
  resolution goes on after an error, as the reference), each with the wildcard (16.5-19, 20.5-19) and the next
  reachable case (17.5-14, 21.5-14).
- ``duplicate_declarations``: a structure declared twice, a constructor written twice, and the field both
  declarations of the structure define: the three are reported together (1/3, 2/3, 3/3), each with the place
  seen first, in the reference's words (its "Duplicate field … in enumeration" for a structure included).
- ``self_reference``: a function reading itself in its definition: the reference's sentence, broken where its
  line breaks fall, at the read (9.28-29).
- ``type_errors_together``: two definitions of the wrong type are both reported, numbered 1/2 and 2/2 (the
  reference goes on typing after a mismatch): ``true`` for an integer (9.23-27, declared 5.20-27), ``1`` for a
  boolean (10.23-24, declared 6.20-27).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures_conformance"
CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.txt").exists())


@pytest.mark.parametrize("name", CASES)
def test_conformance_fixture(name: str) -> None:
    folder = FIXTURES / name
    main = next(folder.glob("main.catala_*"))
    proc = subprocess.run([sys.executable, "-m", "catalapy", "test-scope", "S", main.name], capture_output=True,
                          text=True, cwd=folder, env=None)
    exit_file = folder / "exit_code"
    expected_code = int(exit_file.read_text(encoding="utf-8")) if exit_file.exists() else 0
    assert proc.returncode == expected_code, proc.stderr
    assert proc.stderr + proc.stdout == (folder / "expected.txt").read_text(encoding="utf-8")


def test_fixtures_present() -> None:
    assert {"root_types", "user_module_named_like_stdlib", "lints"} <= set(CASES)
