"""The batch on a Dask cluster (extra `[dask]`): the same evaluation of packets as `lots.py`, over the
partitions of a `dask.dataframe`.

```python
import dask.dataframe as dd
from distributed import Client
from secu_independants.grappe import calculer_dataframe

Client("tcp://ordonnanceur:8786")
cas = dd.read_parquet("cas/*.parquet", dtype_backend="pyarrow")  # pyarrow types: dates and lists kept exact
resultats = calculer_dataframe(cas, "ij")  # lazy; columns as `--sortie FICHIER.parquet` (colonnes.py)
resultats.to_parquet("resultats/")
```

`secu-independants ij --batch CAS.parquet --dask ADRESSE --sortie RESULTATS.parquet` does the same from the
command line: partitions are computed on the cluster, a few at a time, and appended in order to one file,
with the error lines on stderr and the exit code of the local batch.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from .cli import EXIT_ENTREE_INVALIDE, EXIT_ERREUR_DE_LA_LOI, EXIT_ERREUR_INTERNE
from .colonnes import EcrivainColonnes, exiger_pyarrow, schema_sortie
from .erreurs import PREFIXE_ERREUR_DE_LA_LOI
from .lots import LIGNES_PAR_PAQUET, LotImpossible, _code, _initialiser, format_du_chemin, traiter_paquet

if TYPE_CHECKING:
    from distributed import Future

__all__ = ["calculer_dataframe", "executer_sur_dask"]

#: partitions computed at once per worker by `executer_sur_dask`
PARTITIONS_PAR_TRAVAILLEUR = 2


def _exiger_dask() -> None:
    exiger_pyarrow()
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise LotImpossible("--dask demande dask : pip install 'secu-independants[dask]'") from None


def _calculer_partition(partition: Any, commande: str, debuts: list[int], partition_info: dict[str, Any] | None = None) -> Any:
    """One pandas partition of cases → the pandas partition of its results (Arrow-backed columns)."""
    import pandas as pd
    import pyarrow as pa

    _initialiser(commande, False, "parquet", processus_fils=False)
    schema, _ = schema_sortie(commande, "parquet")
    premier = debuts[partition_info["number"]] if partition_info else 1
    lots = []
    for lot in pa.Table.from_pandas(partition, preserve_index=False).to_batches(max_chunksize=LIGNES_PAR_PAQUET):
        lots.append(traiter_paquet(("colonnes", premier, lot)).donnees)
        premier += lot.num_rows
    return pa.Table.from_batches(lots, schema=schema).to_pandas(types_mapper=pd.ArrowDtype)


def calculer_dataframe(cas: Any, commande: str = "ij") -> Any:
    """The results of every case (row) of the `dask.dataframe` `cas`, as a lazy `dask.dataframe` with one
    row per case, in order, `ligne` numbering the rows of `cas` from 1 (reads the partition lengths once)."""
    _exiger_dask()
    import pandas as pd

    schema, _ = schema_sortie(commande, "parquet")
    longueurs = list(cas.map_partitions(len).compute())
    debuts = list(accumulate([1, *longueurs[:-1]]))
    meta = schema.empty_table().to_pandas(types_mapper=pd.ArrowDtype)
    return cas.map_partitions(_calculer_partition, commande, debuts, meta=meta, align_dataframes=False)


def _messages(resultats: Any) -> tuple[list[str], int]:
    """The stderr lines and exit code of the error rows of a result partition (as `lots.traiter_paquet`)."""
    import pandas as pd

    messages, code = [], 0
    erreurs = resultats[resultats["erreur_message"].notna()]
    for numero, champ, message in zip(erreurs["ligne"], erreurs["erreur_champ"], erreurs["erreur_message"]):
        messages.append(f"ligne {numero} : {message}")
        if pd.notna(champ):
            code = _code(code, EXIT_ENTREE_INVALIDE)
        elif message.startswith(PREFIXE_ERREUR_DE_LA_LOI):
            code = _code(code, EXIT_ERREUR_DE_LA_LOI)
        else:
            code = _code(code, EXIT_ERREUR_INTERNE)
    return messages, code


def executer_sur_dask(commande: str, entree: str, sortie: str | None, adresse: str, *,
                      signaler: Callable[[str], None]) -> int:
    """`--batch ENTREE --dask ADRESSE --sortie SORTIE.parquet`: see the module docstring."""
    _exiger_dask()
    import dask.dataframe as dd
    import pyarrow as pa
    from distributed import Client

    format_entree = format_du_chemin(entree)
    if format_entree == "jsonl":
        raise LotImpossible("--dask lit un fichier Parquet ou CSV (--batch CAS.parquet ou CAS.csv)")
    if sortie is None or format_du_chemin(sortie) != "parquet":
        raise LotImpossible("--dask écrit un fichier Parquet : --sortie RESULTATS.parquet")
    try:
        client = Client(adresse, timeout="20s")
    except (OSError, ValueError, TimeoutError) as erreur:
        raise LotImpossible(f"--dask : pas de grappe Dask joignable à {adresse} ({erreur})") from None
    with client:
        try:
            if format_entree == "parquet":
                cas = dd.read_parquet(entree, dtype_backend="pyarrow", split_row_groups=True)
            else:
                cas = dd.read_csv(entree, dtype=str, keep_default_na=False)
        except (OSError, ValueError) as erreur:
            raise LotImpossible(f"{entree} : illisible ({erreur})") from None
        parties = calculer_dataframe(cas, commande).to_delayed()
        schema, _ = schema_sortie(commande, "parquet")
        fenetre = max(1, len(client.scheduler_info().get("workers", {})) * PARTITIONS_PAR_TRAVAILLEUR)
        code = 0
        with EcrivainColonnes(commande, sortie, "parquet") as ecrivain:
            en_cours: deque[Future[Any]] = deque()
            suivantes = iter(parties)
            for partie in suivantes:
                en_cours.append(client.compute(partie))
                if len(en_cours) >= fenetre:
                    break
            while en_cours:
                resultats = en_cours.popleft().result()
                suivante = next(suivantes, None)
                if suivante is not None:
                    en_cours.append(client.compute(suivante))
                for lot in pa.Table.from_pandas(resultats, schema=schema, preserve_index=False).to_batches():
                    ecrivain.ecrire(lot)
                messages, code_partie = _messages(resultats)
                for message in messages:
                    signaler(message)
                code = _code(code, code_partie)
    return code
