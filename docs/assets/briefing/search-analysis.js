/*
 * The words of a text as Briefing Room's search index holds them: the browser's half of
 * briefing/site/search/analysis.py and dates.py, which made the index at build time. Each step
 * here is that code's step, in the same order, so a query's words are the index's terms; the
 * test tests/test_search_analysis.py runs both over the corpus and compares.
 *
 * Needs the vendored Snowball stemmers (assets/vendor/snowball-stemmers/) loaded first.
 * Defines self.BriefingAnalysis; used by the search worker.
 */
"use strict"

;(function (scope) {
  /* Lunr's English stop words, as Material's default pipeline drops them. */
  const STOP_WORDS = new Set((
    "a able about across after all almost also am among an and any are as at be because been " +
    "but by can cannot could dear did do does either else ever every for from get got had has " +
    "have he her hers him his how however i if in into is it its just least let like likely " +
    "may me might most must my neither no nor not of off often on only or other our own " +
    "rather said say says she should since so some than that the their them then there these " +
    "they this tis to too twas us wants was we were what when where which while who whom why " +
    "will with would yet you your").split(" "))

  /* Han, Hiragana, Katakana, Hangul (the same ranges as analysis.py). */
  const CJK = "\u1100-\u11ff\u2e80-\u2fdf\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf" +
    "\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\u{20000}-\u{3134f}"
  const CJK_RUN = new RegExp(`([${CJK}]+)`, "u")
  const CJK_START = new RegExp(`^[${CJK}]`, "u")
  const CYRILLIC = /[\u0400-\u04ff]/u
  const WORD = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu
  const FUZZY_LETTERS = /^\p{L}+(?:'\p{L}+)*$/u

  function normalise(text) {
    return text.normalize("NFKC").toLowerCase().replace(/ё/g, "е").replace(/’/g, "'")
  }

  function isCJK(term) {
    return CJK_START.test(term)
  }

  function chars(text) {
    return Array.from(text)
  }

  function bigrams(run) {
    const c = chars(run)
    if (c.length < 2)
      return [run]
    const pairs = []
    for (let i = 0; i < c.length - 1; i++)
      pairs.push(c[i] + c[i + 1])
    return pairs
  }

  /* Text → index terms, keeping each word's stem. */
  class Analyser {
    constructor() {
      const factory = scope.snowballFactory
      this.english = factory.newStemmer("english")
      this.russian = factory.newStemmer("russian")
      this.stems = new Map()
    }

    stem(word) {
      let stem = this.stems.get(word)
      if (stem === undefined) {
        stem = (CYRILLIC.test(word) ? this.russian : this.english).stem(word)
        this.stems.set(word, stem)
      }
      return stem
    }

    /* The terms of a text in order (stems and CJK bigrams), and its phrase terms. */
    analyse(text) {
      const terms = [], phrases = []
      let previous = null
      for (const token of normalise(text).match(WORD) || []) {
        for (let piece of token.split(CJK_RUN)) {
          if (!piece)
            continue
          if (CJK_START.test(piece)) {
            terms.push(...bigrams(piece))
            previous = null
            continue
          }
          piece = piece.replace(/^'+|'+$/g, "")
          if (!piece || STOP_WORDS.has(piece))
            continue
          const stem = this.stem(piece)
          terms.push(stem)
          if (previous !== null)
            phrases.push(`${previous} ${stem}`)
          previous = stem
        }
      }
      return { terms, phrases }
    }
  }

  /* The shard a term's postings live in (analysis.shard_key). */
  function shardKey(term) {
    if (term.startsWith("@"))
      return term.length >= 8 && term[5] === "-" ? term.slice(0, 8) : term.slice(0, 3)
    const c = chars(term)
    return CJK_START.test(term) ? c[0] : c.slice(0, 2).join("")
  }

  function phraseKey(phrase) {
    return chars(phrase).slice(0, 3).join("")
  }

  /* Dates (dates.py) ------------------------------------------------------------------------ */

  const MONTH_NAMES = [
    ["january", "jan"], ["february", "feb"], ["march", "mar"], ["april", "apr"], ["may"],
    ["june", "jun"], ["july", "jul"], ["august", "aug"], ["september", "sept", "sep"],
    ["october", "oct"], ["november", "nov"], ["december", "dec"]
  ]
  const MONTHS = new Map()
  MONTH_NAMES.forEach((names, index) => names.forEach(name => MONTHS.set(name, index + 1)))
  const MAX_DAYS = 62

  const NAMES = [...MONTHS.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
  const MONTH = `(${NAMES.join("|")})(?!\\p{L})\\.?`
  const DAY = "(?<![\\p{L}\\p{N}])([0-9]{1,2})(?:st|nd|rd|th)?(?![\\p{L}\\p{N}])"
  const YEAR = "(?<![\\p{L}\\p{N}])([0-9]{4})(?![\\p{L}\\p{N}])"
  const DASH = "\\s*[-\u2012\u2013\u2014\u2015]\\s*"
  const OPTIONAL_YEAR = `(?:,?\\s+${YEAR})?`
  const OF = "(?:of\\s+)?"
  const PATTERN = new RegExp([
    "(?<![\\p{L}\\p{N}])([0-9]{4})-([0-9]{2})-([0-9]{2})(?![\\p{L}\\p{N}])",
    `${DAY}\\s+${OF}${MONTH}${DASH}${DAY}\\s+${OF}${MONTH}${OPTIONAL_YEAR}`,
    `${DAY}${DASH}${DAY}\\s+${OF}${MONTH}${OPTIONAL_YEAR}`,
    `${DAY}\\s+${OF}${MONTH}${OPTIONAL_YEAR}`,
    `${MONTH}\\s+${DAY}${OPTIONAL_YEAR}`,
    `${MONTH},?\\s+${YEAR}`,
    "(?<![\\p{L}\\p{N}])([0-9]{4})-([0-9]{2})(?![\\p{L}\\p{N}])"
  ].join("|"), "gu")

  function monthLength(year, month) {
    if (month === 2) {
      const leap = year === null || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))
      return leap ? 29 : 28
    }
    return [4, 6, 9, 11].includes(month) ? 30 : 31
  }

  function makeDay(year, month, day) {
    if (year !== null && !(year >= 1000 && year <= 2999))
      return null
    return month >= 1 && month <= 12 && day >= 1 && day <= monthLength(year, month)
      ? [year, month, day] : null
  }

  function same(a, b) {
    return a[0] === b[0] && a[1] === b[1] && a[2] === b[2]
  }

  function daysBetween(start, end) {
    const days = [start]
    while (!same(days[days.length - 1], end)) {
      const [year, month, day] = days[days.length - 1]
      if (day < monthLength(year, month))
        days.push([year, month, day + 1])
      else if (month < 12)
        days.push([year, month + 1, 1])
      else
        days.push([year === null ? null : year + 1, 1, 1])
      if (days.length > MAX_DAYS)
        return []
    }
    return days
  }

  const pad = (n, width) => String(n).padStart(width, "0")

  function say([year, month, day]) {
    return year === null
      ? `@${pad(month, 2)}-${pad(day, 2)}`
      : `@${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`
  }

  const number = text => (text ? parseInt(text, 10) : null)

  function dateTerms(g) {
    if (g[0]) {
      const day = makeDay(+g[0], +g[1], +g[2])
      return day ? [say(day)] : []
    }
    if (g[3]) {
      const year = number(g[7]), first = MONTHS.get(g[4]), last = MONTHS.get(g[6])
      const startYear = year !== null && first > last ? year - 1 : year
      const start = makeDay(startYear, first, +g[3]), end = makeDay(year, last, +g[5])
      if (start && end && year === null && first > last)
        return [...daysBetween(start, [null, 12, 31]), ...daysBetween([null, 1, 1], end)].map(say)
      return start && end ? daysBetween(start, end).map(say) : []
    }
    if (g[8]) {
      const year = number(g[11]), month = MONTHS.get(g[10])
      const start = makeDay(year, month, +g[8]), end = makeDay(year, month, +g[9])
      return start && end ? daysBetween(start, end).map(say) : []
    }
    if (g[12]) {
      const day = makeDay(number(g[14]), MONTHS.get(g[13]), +g[12])
      return day ? [say(day)] : []
    }
    if (g[15]) {
      const day = makeDay(number(g[17]), MONTHS.get(g[15]), +g[16])
      return day ? [say(day)] : []
    }
    if (g[18]) {
      const year = +g[19]
      return year >= 1000 && year <= 2999 ? [`@${pad(year, 4)}-${pad(MONTHS.get(g[18]), 2)}`] : []
    }
    if (g[20]) {
      const year = +g[20], month = +g[21]
      return year >= 1000 && year <= 2999 && month >= 1 && month <= 12
        ? [`@${pad(year, 4)}-${pad(month, 2)}`] : []
    }
    return []
  }

  /* Each date in normalised text: [start, end, terms] (dates.spans). Offsets count UTF-16
     units here and code points in Python: only the terms are compared. */
  function dateSpans(text) {
    const found = []
    for (const match of text.matchAll(PATTERN)) {
      const terms = dateTerms(match.slice(1))
      if (terms.length)
        found.push([match.index, match.index + match[0].length, terms])
    }
    return found
  }

  /* Every date term of normalised text, as the index holds them (dates.index_terms). */
  function indexDateTerms(text) {
    const terms = []
    for (const [, , said] of dateSpans(text))
      for (const term of said) {
        terms.push(term)
        if (term.length === 11)
          terms.push(term.slice(0, 8), "@" + term.slice(6))
      }
    return terms
  }

  scope.BriefingAnalysis = {
    STOP_WORDS, FUZZY_LETTERS, WORD, CJK_RUN, Analyser, normalise, isCJK, bigrams, chars, shardKey,
    phraseKey, dateSpans, indexDateTerms
  }
})(self)
