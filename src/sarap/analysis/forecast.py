"""Forecasts of event counts per year or quarter, with rolling-origin back-tests (issue 3, item 4).

`series_from_events` counts the completed or attempted attacks in the data bank (physical acts of
the perpetrators' side whose category is an attack); `series_from_counts` takes any series.
`forecast` fits the five models of `forecast_models`, back-tests each, picks the best by mean log
score, and writes a `ForecastReport` with a summary in kk, ru and en. The same series always gives
the same report. Method: docs/forecasting.md.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from sarap.analysis.forecast_models import BASELINES, MODELS, Fitted
from sarap.core.errors import InvalidInput, Problem
from sarap.core.i18n import plural_form
from sarap.events.codebook import is_attack
from sarap.events.models import Event
from sarap.events.store import EventFilter

FREQS = ("year", "quarter")
SUB_YEAR_PRECISIONS = ("day", "month")  # a season or a year has no single quarter
MIN_EVENTS = 5  # below this, or below MIN_PERIODS, only the baselines are shown
MIN_PERIODS = 8
MIN_TRAIN = 8
LEVELS = (0.8, 0.95)
LOW_TRUST_EVENTS = 30
LOW_TRUST_ORIGINS = 10
LOW_TRUST_COVERAGE = 0.85
TIE = 6  # decimals of the mean log score below which two models tie


# ---- count series ---------------------------------------------------------------------------

@dataclass(frozen=True)
class CountSeries:
    """Counts per consecutive period, oldest first; `freq` is year, quarter or period (free labels)."""

    freq: str
    labels: tuple[str, ...]
    counts: tuple[int, ...]
    dropped_imprecise: int = 0  # events dated too coarsely for the frequency (quarterly only)
    outside: int = 0  # events matched but dated outside first..last
    not_terrorism: int = 0  # events coded as not meeting the terrorism definition
    not_attacks: int = 0  # perpetrators' acts that are no attack (foiled plots, escapes, abroad)

    @property
    def events(self) -> int:
        return sum(self.counts)

    def pairs(self) -> list[tuple[str, int]]:
        return list(zip(self.labels, self.counts, strict=True))


def _index(label: str | int, freq: str, *, end: bool = False) -> int:
    """A period as a number (year, or year*4 + quarter-1); a bare year under quarter means its
    first quarter, or its last when `end`."""
    text = str(label).strip()
    found = re.fullmatch(r"(\d{4})(?:-?Q([1-4]))?", text)
    if not found or (freq == "year" and found[2]):
        expected = "a year (YYYY)" if freq == "year" else "a year or a quarter (YYYY-Qn)"
        raise InvalidInput([Problem("not a period", column="period", value=text, expected=expected)])
    year = int(found[1])
    if freq == "year":
        return year
    quarter = int(found[2]) if found[2] else (4 if end else 1)
    return year * 4 + quarter - 1


def _label(index: int, freq: str) -> str:
    return str(index) if freq == "year" else f"{index // 4}-Q{index % 4 + 1}"


def _infer_freq(labels: Sequence[str]) -> str:
    if labels and all(re.fullmatch(r"\d{4}", s) for s in labels):
        return "year"
    if labels and all(re.fullmatch(r"\d{4}-Q[1-4]", s) for s in labels):
        return "quarter"
    return "period"


def series_from_counts(pairs: Iterable[tuple[str | int, int]], freq: str | None = None) -> CountSeries:
    """A series from (period label, count) pairs. Years and quarters must be consecutive (list zero
    periods explicitly); other labels are taken as they come."""
    labels, counts = [], []
    for row, (label, count) in enumerate(pairs, start=1):
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise InvalidInput([Problem("not a count", row=row, column="count", value=str(count),
                                        expected="a whole number ≥ 0")])
        labels.append(str(label).strip())
        counts.append(count)
    freq = freq or _infer_freq(labels)
    if freq not in (*FREQS, "period"):
        raise InvalidInput([Problem("unknown frequency", column="freq", value=freq,
                                    expected="year, quarter or period")])
    if freq in FREQS:
        _check_consecutive(labels, freq)
    return CountSeries(freq, tuple(labels), tuple(counts))


def _check_consecutive(labels: Sequence[str], freq: str) -> None:
    indices = [_index(s, freq) for s in labels]
    for row, (before, after) in enumerate(zip(indices, indices[1:], strict=False), start=2):
        if after != before + 1:
            raise InvalidInput([Problem("periods are not consecutive", row=row, column="period",
                                        value=labels[row - 1],
                                        expected=f"{_label(before + 1, freq)} (list zero periods too)")])


def _check_filter(where: EventFilter) -> None:
    for name, wanted in (("action_type", "physical"), ("side", "perpetrators")):
        value = getattr(where, name)
        if value not in (None, wanted):
            raise InvalidInput([Problem("forecasts count physical events of the perpetrators' side",
                                        column=name, value=value, expected=f"{wanted} or empty")])


def _ids(where: EventFilter, visible: ColumnElement[bool] | None) -> Select[tuple[int]]:
    ids = where.select().with_only_columns(Event.id).order_by(None)
    return ids if visible is None else ids.where(visible)


def _extent(session: Session, where: EventFilter, freq: str, first: str | int | None,
            last: str | int | None, visible: ColumnElement[bool] | None) -> tuple[int, int] | None:
    """first..last as period numbers: as given, else the filter's dates, else the dates of every
    event the filter matches (any action type or side: they show which years the data cover)."""
    ids = _ids(where, visible)
    low, high = session.execute(select(func.min(Event.date_start), func.max(Event.date_start))
                                .where(Event.id.in_(ids))).one()
    low, high = where.date_from or low, where.date_to or high
    if (first is None and low is None) or (last is None and high is None):
        return None
    start = _index(first, freq) if first is not None else _date_index(low, freq)
    end = _index(last, freq, end=True) if last is not None else _date_index(high, freq)
    return start, end


def _date_index(day: date, freq: str) -> int:
    return day.year if freq == "year" else day.year * 4 + (day.month - 1) // 3


def series_from_events(session: Session, where: EventFilter, freq: str = "year",
                       first: str | int | None = None, last: str | int | None = None,
                       visible: ColumnElement[bool] | None = None) -> CountSeries:
    """Completed or attempted attacks (physical events of the perpetrators' side whose category is
    an attack: codebook `is_attack`) per year or quarter (by start date), zero periods included;
    foiled plots and other acts that are no attack are left out (counted in `not_attacks`), and so
    are events coded as not meeting the terrorism definition, and, for
    quarters, are events dated only to a season or a year (counted in `dropped_imprecise`).
    `visible` limits the events to those a reader may see (see sarap.auth.access.readable)."""
    if freq not in FREQS:
        raise InvalidInput([Problem("unknown frequency", column="freq", value=freq,
                                    expected="year or quarter")])
    _check_filter(where)
    extent = _extent(session, where, freq, first, last, visible)
    if extent is None:
        return CountSeries(freq, (), ())
    counted = replace(where, action_type="physical", side="perpetrators")
    ids = _ids(counted, visible)
    rows = session.execute(select(Event.date_start, Event.date_precision, Event.meets_definition,
                                  Event.category).where(Event.id.in_(ids))).all()
    start, end = extent
    counts, tally = [0] * max(end - start + 1, 0), Counter[str]()
    for day, precision, meets, category in rows:
        index = _date_index(day, freq)
        if not is_attack(category):
            tally["not_attacks"] += 1
        elif meets is False:
            tally["not_terrorism"] += 1
        elif freq == "quarter" and precision not in SUB_YEAR_PRECISIONS:
            tally["dropped_imprecise"] += 1
        elif not start <= index <= end:
            tally["outside"] += 1
        else:
            counts[index - start] += 1
    labels = tuple(_label(i, freq) for i in range(start, end + 1))
    return CountSeries(freq, labels, tuple(counts), **tally)


def next_labels(series: CountSeries, horizon: int) -> list[str]:
    if series.freq in FREQS and series.labels:
        last = _index(series.labels[-1], series.freq)
        return [_label(last + k, series.freq) for k in range(1, horizon + 1)]
    last_label = series.labels[-1] if series.labels else "0"
    return [f"{last_label}+{k}" for k in range(1, horizon + 1)]


# ---- back-tests ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Trial:
    """One back-test forecast: fitted on the periods up to `origin`, checked at `target`."""

    model: str
    origin: str
    target: str
    step: int
    observed: int
    point: float
    log_score: float  # natural log of the predictive probability of the observed count
    in80: bool
    in95: bool
    p_any: float
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Score:
    """Back-test scores of one model at one horizon step, averaged over its origins."""

    model: str
    step: int
    origins: int
    mae: float
    log_score: float  # mean log score: higher is better
    coverage80: float
    coverage95: float
    brier: float  # of P(at least one event): lower is better


def _trial(model: str, fitted: Fitted, labels: Sequence[str], counts: Sequence[int], origin: int,
           step: int) -> Trial:
    target = origin + step - 1
    predictive, observed = fitted.predictive(step), counts[target]
    (low80, high80), (low95, high95) = (predictive.interval(level) for level in LEVELS)
    return Trial(model, labels[origin - 1], labels[target], step, observed, fitted.point(step),
                 predictive.log_pmf(observed), low80 <= observed <= high80,
                 low95 <= observed <= high95, predictive.prob_any(), fitted.notes)


def backtest(series: CountSeries, models: Sequence[str] = tuple(MODELS), *, min_train: int = MIN_TRAIN,
             steps: int = 1) -> list[Trial]:
    """Rolling origin (expanding window): for every origin from `min_train` periods on, each model
    is fitted on the periods before it only, and forecasts 1..steps periods ahead."""
    trials = []
    for origin in range(max(min_train, 1), len(series.counts)):
        for model in models:
            fitted = MODELS[model](series.counts[:origin])
            for step in range(1, steps + 1):
                if origin + step - 1 < len(series.counts):
                    trials.append(_trial(model, fitted, series.labels, series.counts, origin, step))
    return trials


def scores(trials: Sequence[Trial]) -> list[Score]:
    groups: dict[tuple[str, int], list[Trial]] = {}
    for trial in trials:
        groups.setdefault((trial.model, trial.step), []).append(trial)
    return [_score(model, step, found) for (model, step), found in groups.items()]


def _score(model: str, step: int, found: Sequence[Trial]) -> Score:
    n = len(found)
    return Score(
        model, step, n,
        mae=sum(abs(t.observed - t.point) for t in found) / n,
        log_score=sum(t.log_score for t in found) / n,
        coverage80=sum(t.in80 for t in found) / n,
        coverage95=sum(t.in95 for t in found) / n,
        brier=sum((t.p_any - (t.observed > 0)) ** 2 for t in found) / n,
    )


# ---- the report ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class PeriodForecast:
    label: str
    step: int
    point: float  # the estimated expected count
    mean: float  # the predictive distribution's mean (includes parameter uncertainty)
    median: int
    interval80: tuple[int, int]
    interval95: tuple[int, int]
    p_any: float  # probability of at least one event


@dataclass(frozen=True)
class ModelResult:
    model: str
    params: tuple[tuple[str, float], ...]
    notes: tuple[str, ...]  # e.g. "no_overdispersion": the NB model fell back to Poisson
    forecasts: tuple[PeriodForecast, ...]
    scores: tuple[Score, ...]
    backtest_notes: tuple[tuple[str, int], ...]  # note -> number of back-test origins it applied to

    def score(self, step: int = 1) -> Score | None:
        return next((s for s in self.scores if s.step == step), None)


@dataclass(frozen=True)
class ForecastReport:
    series: CountSeries
    min_train: int
    horizon: int
    models: tuple[ModelResult, ...]
    chosen: str
    trust: str  # insufficient | low | moderate
    trials: tuple[Trial, ...]

    def model(self, name: str) -> ModelResult:
        return next(m for m in self.models if m.model == name)

    @property
    def chosen_model(self) -> ModelResult:
        return self.model(self.chosen)

    @property
    def origins(self) -> int:
        score = self.model("mean").score(1)
        return score.origins if score else 0

    def summary(self, lang: str = "kk") -> str:
        return summary(self, lang)

    def summaries(self) -> dict[str, str]:
        return {lang: self.summary(lang) for lang in ("kk", "ru", "en")}


def _period_forecast(fitted: Fitted, label: str, step: int) -> PeriodForecast:
    predictive = fitted.predictive(step)
    low80, high80 = predictive.interval(LEVELS[0])
    low95, high95 = predictive.interval(LEVELS[1])
    return PeriodForecast(label, step, fitted.point(step), predictive.mean(), predictive.quantile(0.5),
                          (low80, high80), (low95, high95), predictive.prob_any())


def _model_result(series: CountSeries, model: str, labels: Sequence[str], trials: Sequence[Trial],
                  found: Sequence[Score]) -> ModelResult:
    fitted = MODELS[model](series.counts)
    forecasts = tuple(_period_forecast(fitted, label, k) for k, label in enumerate(labels, start=1))
    mine = [t for t in trials if t.model == model and t.step == 1]
    noted = Counter(note for t in mine for note in t.notes)
    return ModelResult(model, fitted.params, fitted.notes, forecasts,
                       tuple(sorted((s for s in found if s.model == model), key=lambda s: s.step)),
                       tuple(sorted(noted.items())))


def _choose(results: Sequence[ModelResult]) -> str:
    """Best mean one-step log score; ties go to the simpler model (listed first in MODELS)."""
    scored = [(round(s.log_score, TIE), -i, r.model) for i, r in enumerate(results)
              if (s := r.score(1)) is not None]
    return max(scored)[2] if scored else "mean"


def _trust(series: CountSeries, chosen: ModelResult) -> str:
    if series.events < MIN_EVENTS or len(series.counts) < MIN_PERIODS:
        return "insufficient"
    score = chosen.score(1)
    if (score is None or series.events < LOW_TRUST_EVENTS or score.origins < LOW_TRUST_ORIGINS
            or score.coverage95 < LOW_TRUST_COVERAGE):
        return "low"
    return "moderate"


def forecast(series: CountSeries | Iterable[tuple[str | int, int]], *, horizon: int = 3,
             min_train: int = MIN_TRAIN, backtest_steps: int = 1) -> ForecastReport:
    """Back-tests every model, fits each on the whole series and forecasts `horizon` periods.
    With too few data (fewer than MIN_EVENTS events or MIN_PERIODS periods) only the baselines
    are fitted, and the summary says that forecasting is not meaningful."""
    if not isinstance(series, CountSeries):
        series = series_from_counts(series)
    if not series.counts:
        raise InvalidInput([Problem("the series is empty: no events or periods to forecast from")])
    if horizon < 1 or backtest_steps < 1 or min_train < 2:
        raise InvalidInput([Problem("horizon and back-test steps must be ≥ 1, min_train ≥ 2")])
    enough = series.events >= MIN_EVENTS and len(series.counts) >= MIN_PERIODS
    models = tuple(MODELS) if enough else BASELINES
    trials = backtest(series, models, min_train=min_train, steps=backtest_steps)
    found, labels = scores(trials), next_labels(series, horizon)
    results = tuple(_model_result(series, m, labels, trials, found) for m in models)
    chosen = _choose(results)
    trust = _trust(series, next(r for r in results if r.model == chosen))
    return ForecastReport(series, min_train, horizon, results, chosen, trust, tuple(trials))



# ---- the plain-language summary -----------------------------------------------------------------

LANGS = ("kk", "ru", "en")
MODEL_NAMES: dict[str, dict[str, str]] = {
    "naive": {"kk": "аңғал болжам (соңғы мән)", "ru": "наивный прогноз (последнее значение)",
              "en": "naive (last value)"},
    "mean": {"kk": "тарихи орташа", "ru": "историческое среднее", "en": "historical mean"},
    "poisson_trend": {"kk": "трендті Пуассон регрессиясы", "ru": "пуассоновская регрессия с трендом",
                      "en": "Poisson regression with trend"},
    "ses": {"kk": "қарапайым экспоненциалды тегістеу", "ru": "простое экспоненциальное сглаживание",
            "en": "simple exponential smoothing"},
    "negbin_trend": {"kk": "трендті теріс биномдық регрессия",
                     "ru": "отрицательная биномиальная регрессия с трендом",
                     "en": "negative binomial regression with trend"},
}
NOUNS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {"event": ("event", "events"), "year": ("year", "years"), "quarter": ("quarter", "quarters"),
           "period": ("period", "periods")},
    "ru": {"event": ("событие", "события", "событий"), "year": ("год", "года", "лет"),
           "quarter": ("квартал", "квартала", "кварталов"), "period": ("период", "периода", "периодов")},
    "kk": {"event": ("оқиға",), "year": ("жыл",), "quarter": ("тоқсан",), "period": ("кезең",)},
}
# Per frequency: "for <the next period>", "in <it>", "per period".
PHRASES: dict[str, dict[str, tuple[str, str, str]]] = {
    "en": {"year": ("For {label}", "in {label}", "a year"),
           "quarter": ("For {label}", "in {label}", "a quarter"),
           "period": ("For {label}", "in {label}", "a period")},
    "ru": {"year": ("На {label} год", "в {label} году", "в год"),
           "quarter": ("На квартал {label}", "в квартале {label}", "в квартал"),
           "period": ("На период {label}", "в периоде {label}", "за период")},
    "kk": {"year": ("{label} жылға", "{label} жылы", "жылына"),
           "quarter": ("{label} тоқсанына", "{label} тоқсанында", "тоқсанына"),
           "period": ("{label} кезеңіне", "{label} кезеңінде", "кезеңіне")},
}
TEXT: dict[str, dict[str, str]] = {
    "en": {
        "base": "The forecast rests on {events} in {periods} ({first}–{last}).",
        "dropped": "Events dated only to a year or a season are left out of the quarterly series "
                   "({dropped_n}).",
        "not_terrorism": "Events coded as not meeting the terrorism definition are left out "
                         "({not_terrorism_n}).",
        "not_attacks": "Acts of perpetrators that are not attacks (foiled plots, escapes, involvement "
                       "abroad) are left out ({not_attacks_n}).",
        "backtest": "{models} models were back-tested at {origins} rolling forecast origins: at each, a "
                    "model was fitted only on the data before the origin and forecast the next period. "
                    "Best by mean log score: {model} (log score {ls}, mean absolute error {mae}, {cov95} of "
                    "the observed counts inside its 95% interval); the historical-mean baseline scored "
                    "{ls_mean} (mean absolute error {mae_mean}).",
        "no_backtest": "{periods} are too few to back-test the models (more than {min_train} are "
                       "needed), so the historical mean is shown.",
        "forecast": "{for_label} the expected number of events is {point} (80% interval {i80}, 95% "
                    "interval {i95}); the probability of at least one event is {p}.",
        "no_overdispersion": "The negative binomial model found no overdispersion in these counts and "
                             "is the Poisson model here.",
        "low": "Trust is low: with so few events the intervals are wide and the back-test scores are "
               "themselves uncertain; read the forecast as an order of magnitude, not as a number.",
        "moderate": "Trust is moderate: the back-tests support the intervals, but a forecast from past "
                    "counts cannot foresee new groups, attacks or changes of policy.",
        "insufficient": "The data are too few for a forecast ({events} in {periods}; at least "
                        "{min_events} and {min_periods} are needed): forecasting is not meaningful. Only "
                        "the baselines are shown, as a description of the past: the historical mean is "
                        "{mean} events {per}, and a Poisson count with that mean gives a probability of "
                        "{mean_p} of at least one event {in_label}.",
    },
    "ru": {
        "base": "Прогноз основан на данных за {periods} ({first}–{last}); событий за это время: {events_n}.",
        "dropped": "Не вошли в квартальный ряд события, датированные лишь годом или сезоном: {dropped_n}.",
        "not_terrorism": "Не учтены события, закодированные как не отвечающие определению терроризма: "
                         "{not_terrorism_n}.",
        "not_attacks": "Не учтены действия террористов, не являющиеся нападениями (предотвращённые "
                       "замыслы, побеги, участие за рубежом): {not_attacks_n}.",
        "backtest": "Модели (всего {models}) проверены ретроспективно методом скользящей точки отсчёта, "
                    "число точек — {origins}: каждый раз модель обучалась только на данных до точки "
                    "отсчёта и прогнозировала следующий период. Лучшая по среднему логарифмическому "
                    "баллу — {model} (лог-балл {ls}, средняя абсолютная ошибка {mae}, доля наблюдений "
                    "внутри 95%-го интервала {cov95}); у базовой модели исторического среднего лог-балл "
                    "{ls_mean}, средняя абсолютная ошибка {mae_mean}.",
        "no_backtest": "Данных за {periods} недостаточно для проверки моделей (нужно больше "
                       "{min_train}), поэтому показано историческое среднее.",
        "forecast": "{for_label}: ожидаемое число событий — {point} (80%-й интервал {i80}, 95%-й "
                    "интервал {i95}); вероятность хотя бы одного события — {p}.",
        "no_overdispersion": "Отрицательная биномиальная модель не нашла в этих данных избыточной "
                             "дисперсии и здесь совпадает с моделью Пуассона.",
        "low": "Доверие низкое: событий мало, поэтому интервалы широки, а сами оценки проверки "
               "неустойчивы; читайте прогноз как оценку порядка величины, а не как число.",
        "moderate": "Доверие умеренное: проверка подтверждает интервалы, но прогноз по прошлым данным "
                    "не может предвидеть появление новых групп, нападений или перемен в политике.",
        "insufficient": "Данных слишком мало для прогноза ({events} за {periods}; нужно не менее "
                        "{min_events} и {min_periods}): прогнозирование не имеет смысла. Показаны только "
                        "базовые модели как описание прошлого: историческое среднее — {mean} {per}; по "
                        "распределению Пуассона с этим средним вероятность хотя бы одного события "
                        "{in_label} — {mean_p}.",
    },
    "kk": {
        "base": "Болжам {first}–{last} аралығындағы {periods} деректеріне, барлығы {events_n} оқиғаға "
                "негізделген.",
        "dropped": "Күні тек жылмен не жыл мезгілімен берілген {dropped_n} оқиға тоқсандық қатарға "
                   "енгізілмеді.",
        "not_attacks": "Шабуыл болып табылмайтын {not_attacks_n} әрекет (алдын алынған жоспарлар, "
                       "қашу, шетелдегі қатысу) есепке алынбады.",
        "not_terrorism": "Терроризм анықтамасына сәйкес келмейді деп кодталған {not_terrorism_n} оқиға "
                         "есепке алынбады.",
        "backtest": "{models} модель жылжымалы бастапқы нүкте әдісімен {origins} рет тексерілді: әр жолы "
                    "модель тек сол нүктеге дейінгі деректерге бапталып, келесі кезеңді болжады. Орташа "
                    "логарифмдік балл бойынша ең үздігі — {model} (лог-балл {ls}, орташа абсолюттік қате "
                    "{mae}, бақыланған мәндердің {cov95} үлесі 95% аралыққа түсті); тарихи орташа базалық "
                    "моделінің лог-баллы {ls_mean}, орташа абсолюттік қатесі {mae_mean}.",
        "no_backtest": "{periods} деректері модельдерді тексеруге жеткіліксіз ({min_train} артық қажет), "
                       "сондықтан тарихи орташа көрсетілген.",
        "forecast": "{for_label} күтілетін оқиға саны — {point} (80% аралық {i80}, 95% аралық {i95}); "
                    "кемінде бір оқиғаның болу ықтималдығы — {p}.",
        "no_overdispersion": "Теріс биномдық модель бұл деректерде артық дисперсия таппады, сондықтан "
                             "мұнда ол Пуассон моделімен бірдей.",
        "low": "Сенім деңгейі төмен: оқиғалар аз болғандықтан аралықтар кең, тексеру нәтижелерінің өзі "
               "де тұрақсыз; болжамды нақты сан емес, шамалық бағдар ретінде оқыңыз.",
        "moderate": "Сенім деңгейі орташа: тексерулер аралықтарды растайды, бірақ өткен деректерге "
                    "сүйенген болжам жаңа топтардың пайда болуын, шабуылдарды немесе саясаттағы "
                    "өзгерістерді алдын ала біле алмайды.",
        "insufficient": "Болжам жасауға деректер тым аз ({periods} ішінде {events}; кемінде {min_events} "
                        "және {min_periods} қажет): болжау мағынасыз. Тек базалық модельдер өткенді "
                        "сипаттау үшін көрсетілген: тарихи орташа — {per} {mean} оқиға; осы орташа мәнді "
                        "Пуассон бөлінісі бойынша {in_label} кемінде бір оқиғаның болу ықтималдығы — "
                        "{mean_p}.",
    },
}


def _plural(n: int, lang: str, noun: str) -> str:
    return f"{n} {plural_form(n, NOUNS[lang][noun], lang)}"


def _number(value: float, lang: str, digits: int = 1) -> str:
    text = f"{value:.{digits}f}".replace("-", "−")
    return text if lang == "en" else text.replace(".", ",")


def _percent(p: float) -> str:
    if 0 < p < 0.005:
        return "<1%"
    if 0.995 < p < 1:
        return ">99%"
    return f"{round(100 * p)}%"


def _facts(report: ForecastReport, lang: str) -> dict[str, str]:
    series, chosen, mean = report.series, report.chosen_model, report.model("mean")
    unit = series.freq
    for_label, in_label, per = PHRASES[lang][unit]
    first = chosen.forecasts[0]
    facts = {
        "events": _plural(series.events, lang, "event"), "events_n": str(series.events),
        "periods": _plural(len(series.counts), lang, unit),
        "first": series.labels[0], "last": series.labels[-1],
        "dropped_n": str(series.dropped_imprecise), "not_terrorism_n": str(series.not_terrorism),
        "not_attacks_n": str(series.not_attacks),
        "models": str(len(report.models)), "origins": str(report.origins),
        "model": MODEL_NAMES[report.chosen][lang], "min_train": str(report.min_train),
        "min_events": _plural(MIN_EVENTS, lang, "event"), "min_periods": _plural(MIN_PERIODS, lang, unit),
        "for_label": for_label.format(label=first.label), "in_label": in_label.format(label=first.label),
        "per": per, "point": _number(first.point, lang), "p": _percent(first.p_any),
        "i80": "{}–{}".format(*first.interval80), "i95": "{}–{}".format(*first.interval95),
        "mean": _number(dict(mean.params)["mean"], lang, 2),
        "mean_p": _percent(mean.forecasts[0].p_any),
    }
    return facts | _score_facts(chosen.score(1), mean.score(1), lang)


def _score_facts(best: Score | None, mean: Score | None, lang: str) -> dict[str, str]:
    if best is None or mean is None:
        return {}
    return {"ls": _number(best.log_score, lang, 2), "mae": _number(best.mae, lang, 2),
            "cov95": _percent(best.coverage95), "ls_mean": _number(mean.log_score, lang, 2),
            "mae_mean": _number(mean.mae, lang, 2)}


_COUNTED = {"dropped": "dropped_imprecise", "not_terrorism": "not_terrorism",
            "not_attacks": "not_attacks"}


def _parts(report: ForecastReport) -> list[str]:
    parts = ["base"] + [part for part in _COUNTED if getattr(report.series, _COUNTED[part])]
    if report.trust == "insufficient":
        return [*parts, "insufficient"]
    parts.append("backtest" if report.origins else "no_backtest")
    parts.append("forecast")
    if any(m.model == "negbin_trend" and "no_overdispersion" in m.notes for m in report.models):
        parts.append("no_overdispersion")
    return [*parts, report.trust]


def summary(report: ForecastReport, lang: str = "kk") -> str:
    """The report in words: what it rests on, how the models did, the forecast, how far to trust it."""
    if lang not in LANGS:
        raise InvalidInput([Problem("unknown language", column="lang", value=lang,
                                    expected=", ".join(LANGS))])
    facts, texts = _facts(report, lang), TEXT[lang]
    sentences = [texts[part].format(**facts) for part in _parts(report)]
    return " ".join(s[0].upper() + s[1:] for s in sentences)
