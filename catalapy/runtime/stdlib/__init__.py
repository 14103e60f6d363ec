"""Python implementations of the standard library modules (Date, Durée, Argent, Entier, Décimal, Liste,
Période, MoisAnnée and their English names). They are runtime code: generated modules import them, and they
import only the runtime. Their Catala interfaces (the declarations the compiler type-checks calls against) are
the `.catala_fr` / `.catala_en` files of `catalapy/stdlib/`."""
