"""The sub-event type model: a linear classifier trained on the project's coded events (issue #13, item 4).

Once a project has coded events, the sentences its coders linked as evidence, with the sub-event
type they coded, train a multinomial logistic regression (softmax over words and word pairs, L2
regularised, fitted with SciPy's L-BFGS). The codebook's trigger rules stay: the sub-event types
they read in a sentence are features of the model ("rule=Attack"), and they decide alone while the
project has coded too few events (:data:`MIN_EXAMPLES`), or in a sentence the model knows nothing
of.

Why not scikit-learn: its LogisticRegression is the same model, but importing it costs about 1.3 s
and 100 MB in the suggestion process (measured), for the dozen lines of arithmetic below. The
tests check this model against scikit-learn's on the same data.

Trained models are plain arrays: :meth:`EventTypeModel.save` writes an ``.npz`` (no pickle) and
:meth:`EventTypeModel.load` reads it back.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from annotator.assist.folding import fold_key

# Fewer coded events than this (or only one sub-event type among them): the rules decide alone.
MIN_EXAMPLES = 12
# L2 penalty per weight, as scikit-learn's 1/C: weak enough for small projects to learn their words.
L2 = 1.0
MAX_ITERATIONS = 300
# Words seen in fewer training sentences than this are left out (typos, names).
MIN_COUNT = 1
# The longest text read per prediction or example (characters): a sentence or a few.
MAX_CHARS = 2000
_STOP = frozenset({
    "the", "a", "an", "of", "in", "on", "at", "to", "and", "or", "for", "by", "with", "from", "as", "was", "were",
    "is", "are", "be", "been", "has", "have", "had", "that", "this", "which", "it", "its", "their", "his", "her",
    "they", "he", "she", "who", "said", "says",
})  # fmt: skip

RuleReader = Callable[[str], Iterable[str]]


def features(text: str, rules: RuleReader | None = None) -> list[str]:
    """The words, word pairs and rule readings ("rule=Attack") of a text, once each."""
    return word_features(fold_key(text[:MAX_CHARS]).split(), rules(text) if rules is not None else ())


def word_features(folded_words: Iterable[str], rule_readings: Iterable[str]) -> list[str]:
    """:func:`features` from words already folded and the rules' readings already found (the
    suggestion pass has both for the whole article)."""
    words = [w for w in folded_words if w not in _STOP and not w.isdigit()]
    found = {*words, *(f"{a} {b}" for a, b in itertools.pairwise(words))}
    found.update(f"rule={sub}" for sub in rule_readings)
    return sorted(found)


class EventTypeModel:
    """Sub-event type probabilities for a sentence: ``rank(text)`` -> [(sub-event type, p), ...]."""

    def __init__(
        self, classes: Sequence[str], vocabulary: dict[str, int], weights: Any, bias: Any, examples: int
    ) -> None:
        self.examples = examples  # how many coded events it learnt from
        self.classes = list(classes)
        self.vocabulary = vocabulary
        self.weights = weights  # (features, classes)
        self.bias = bias  # (classes,)

    @property
    def size(self) -> int:
        return len(self.vocabulary)

    # ---- training ----

    @classmethod
    def train(
        cls, examples: Iterable[tuple[str, str]], rules: RuleReader | None = None, *, l2: float = L2
    ) -> EventTypeModel | None:
        """A model from (text, sub-event type) pairs, or None when there is too little to learn from."""
        rows = [(features(text, rules), sub) for text, sub in examples if sub]
        labels = Counter(sub for _f, sub in rows)
        if len(rows) < MIN_EXAMPLES or len(labels) < 2:
            return None
        # Imported only now: SciPy's optimiser costs ~0.6 s to import, and a project with too few
        # coded events (the common case for `annotator suggest` on a new project) never needs it.
        import numpy as np
        from scipy.optimize import minimize
        from scipy.sparse import csr_matrix

        counts = Counter(f for fs, _sub in rows for f in fs)
        vocabulary = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))}
        classes = sorted(labels)
        class_index = {c: i for i, c in enumerate(classes)}
        x = _matrix([fs for fs, _sub in rows], vocabulary)
        y = np.array([class_index[sub] for _fs, sub in rows])
        n, d, k = x.shape[0], x.shape[1], len(classes)
        onehot = csr_matrix((np.ones(n), (np.arange(n), y)), shape=(n, k)).toarray()

        def loss(theta: Any) -> tuple[float, Any]:
            w, b = theta[: d * k].reshape(d, k), theta[d * k :]
            z = x @ w + b
            z -= z.max(axis=1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(axis=1, keepdims=True)
            # Summed cross-entropy plus l2/2 times the squared weights: scikit-learn's objective with
            # C = 1/l2 (the bias is not penalised, as there).
            value = -float(np.sum(onehot * np.log(p + 1e-12))) + 0.5 * l2 * float(np.sum(w * w))
            diff = p - onehot
            grad_w = x.T @ diff + l2 * w
            grad_b = diff.sum(axis=0)
            return value, np.concatenate([np.asarray(grad_w).ravel(), grad_b])

        start = np.zeros(d * k + k)
        fitted = minimize(loss, start, jac=True, method="L-BFGS-B", options={"maxiter": MAX_ITERATIONS})
        theta = fitted.x
        return cls(classes, vocabulary, theta[: d * k].reshape(d, k), theta[d * k :], n)

    # ---- using ----

    def rank(self, text: str, rules: RuleReader | None = None) -> list[tuple[str, float]]:
        """Every sub-event type the model knows with its probability, most likely first. A text
        with no word the model knows gets its prior (the bias alone)."""
        import numpy as np

        row = _matrix([features(text, rules)], self.vocabulary)
        z = np.asarray(row @ self.weights).ravel() + self.bias
        z -= z.max()
        p = np.exp(z)
        p /= p.sum()
        order = np.argsort(-p, kind="stable")
        return [(self.classes[i], float(p[i])) for i in order]

    def rank_many(self, rows: list[list[str]]) -> list[list[tuple[str, float]]]:
        """:meth:`rank` for many feature lists (:func:`word_features`) at once; a row with no
        feature the model knows gets an empty list."""
        import numpy as np

        if not rows:
            return []
        x = _matrix(rows, self.vocabulary)
        z = np.asarray(x @ self.weights) + self.bias
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        known = np.diff(x.indptr) > 0
        order = np.argsort(-p, axis=1, kind="stable")
        return [[(self.classes[j], float(p[i, j])) for j in order[i]] if known[i] else [] for i in range(len(rows))]

    def knows(self, text: str, rules: RuleReader | None = None) -> int:
        """How many of the text's features the model was trained on."""
        return sum(f in self.vocabulary for f in features(text, rules))

    # ---- keeping ----

    def save(self, path: Path) -> None:
        import numpy as np

        names = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        tmp = path.with_name(path.name + ".tmp.npz")
        np.savez_compressed(tmp, classes=np.array(self.classes), vocabulary=np.array(names, dtype=object).astype(str),
                            weights=self.weights, bias=self.bias, examples=np.array(self.examples))  # fmt: skip
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> EventTypeModel:
        import numpy as np

        with np.load(path, allow_pickle=False) as data:
            names = [str(n) for n in data["vocabulary"]]
            return cls([str(c) for c in data["classes"]], {n: i for i, n in enumerate(names)},
                       data["weights"], data["bias"], int(data["examples"]))  # fmt: skip


def _matrix(rows: list[list[str]], vocabulary: dict[str, int]) -> Any:
    """Binary features, each row scaled to unit length (long sentences do not shout)."""
    import numpy as np
    from scipy.sparse import csr_matrix

    indptr, indices, values = [0], [], []
    for fs in rows:
        found = [vocabulary[f] for f in fs if f in vocabulary]
        weight = 1.0 / math.sqrt(len(found)) if found else 0.0
        indices.extend(found)
        values.extend([weight] * len(found))
        indptr.append(len(indices))
    return csr_matrix((np.array(values), np.array(indices, dtype=np.int64), np.array(indptr)),
                      shape=(len(rows), len(vocabulary)))  # fmt: skip
