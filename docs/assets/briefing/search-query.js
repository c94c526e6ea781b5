/*
 * What a reader types into the search box, as clauses the search worker looks up. The syntax is
 * documented for readers in docs/search.md:
 *
 *   words            each word, stemmed (confirms = confirm); one letter off still matches
 *                    words of five letters or more, ranked below exact matches; the last
 *                    word also matches as the start of a longer one, ranked below whole words
 *   "a phrase"       the words next to each other, in that order
 *   9 May, 2024-10-22, 22–24 October 2024, October 2024
 *                    dates, as the days (or month) they name, however they are written
 *   +word  -word     required, excluded (also +"phrase", -"phrase")
 *   topic:ID|NAME    only briefs of that topic (quote a name with spaces: topic:"Victory Day")
 *   actor:ID|NAME    only briefs naming that actor (id, name or another name: actor:Xi)
 *   date:FROM..TO    only briefs dated in that range: date:2024, date:2024-10..2025-05,
 *                    date:2025-05-01.., date:..2023
 *
 * Defines self.BriefingQuery; needs self.BriefingAnalysis.
 */
"use strict"

;(function (scope) {
  const A = scope.BriefingAnalysis
  const FILTER = /(^|\s)([+-]?)(topic|actor|date):(?:"([^"]*)"?|(\S*))/giu
  const QUOTED = /(^|\s)([+-]?)"([^"]*)("|$)/gu

  /* The words of a name as a search compares them. */
  function nameWords(text) {
    return A.normalise(text).match(A.WORD) || []
  }

  function sameWords(words, name) {
    const other = nameWords(name)
    for (let i = 0; i + words.length <= other.length; i++)
      if (words.every((word, j) => other[i + j] === word))
        return true
    return false
  }

  /* Registry entries a filter value names: the id itself, else every entry one of whose names
     holds the value's words in a row ("Xi", "Xi Jinping", "jinping"). */
  function named(value, entries) {
    const id = value.toLowerCase()
    const exact = entries.findIndex(entry => entry[0] === id)
    if (exact >= 0)
      return [exact]
    const words = nameWords(value.replace(/-/g, " "))
    if (!words.length)
      return []
    return entries.flatMap((entry, index) => (
      entry.slice(1).some(name => sameWords(words, name)) || sameWords(words, entry[0].replace(/-/g, " "))
        ? [index] : []
    ))
  }

  /* "2024", "2024-10", "2024-10-22" → the first or last day, as YYYYMMDD. */
  function dayNumber(text, last) {
    const match = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(text)
    if (!match)
      return null
    const year = +match[1]
    const month = match[2] ? +match[2] : (last ? 12 : 1)
    const day = match[3] ? +match[3] : (last ? new Date(Date.UTC(year, month, 0)).getUTCDate() : 1)
    return year * 10000 + month * 100 + day
  }

  function dateRange(value) {
    const [from, to] = value.includes("..") ? value.split("..", 2) : [value, value]
    const start = from ? dayNumber(from, false) : 0
    const end = to ? dayNumber(to, true) : 99999999
    return start === null || end === null ? null : [start, end]
  }

  /* The query → { clauses, filters, problems }.
     A clause: { kind: "word" | "phrase" | "date" | "cjk", text (as typed), presence (1 required,
     0 optional, -1 excluded), terms (all required in one document), prefix (the last word, still
     being typed), fuzzy, stop (a stop word, matched as a prefix only) }. */
  function parse(query, meta, analyser) {
    const filters = { topics: [], actors: [], dates: [] }
    const problems = []
    let rest = query.replace(FILTER, (_, space, sign, key, quoted, bare) => {
      const value = (quoted !== undefined ? quoted : bare || "").trim()
      key = key.toLowerCase()
      if (!value)
        return space
      if (key === "date") {
        const range = dateRange(value)
        if (range) filters.dates.push(range)
        else problems.push(`date:${value}`)
      } else {
        const found = named(value, key === "topic" ? meta.topics : meta.actors)
        if (found.length) filters[key === "topic" ? "topics" : "actors"].push({ found, excluded: sign === "-" })
        else problems.push(`${key}:${value}`)
      }
      return space
    })

    const clauses = []
    const phrase = (text, presence) => {
      const normal = A.normalise(text)
      let words = normal
      for (const [start, end, terms] of A.dateSpans(normal).reverse()) {
        clauses.push({ kind: "date", text: text.trim(), presence, terms, prefix: false })
        words = words.slice(0, start) + " " + words.slice(end)
      }
      const { terms, phrases } = analyser.analyse(words)
      if (phrases.length)
        clauses.push({ kind: "phrase", text, presence, terms: phrases, words: terms, prefix: false })
      else if (terms.length)
        clauses.push({ kind: A.isCJK(terms[0]) ? "cjk" : "word", text, presence, terms, prefix: false })
    }
    rest = rest.replace(QUOTED, (_, space, sign, text, closed) => {
      if (!closed)  /* a phrase still being typed: its words, as words */
        return `${space}${sign}${text}`
      phrase(text, sign === "-" ? -1 : 1)
      return `${space} `
    })

    /* Dates outside quotation marks: optional, like words (required with a + in front). */
    let normal = A.normalise(rest)
    if (normal.length === rest.length) {
      for (const [start, end, terms] of A.dateSpans(normal).reverse()) {
        const sign = /([+-])$/.exec(rest.slice(0, start))
        const presence = sign ? (sign[1] === "+" ? 1 : -1) : 0
        clauses.push({ kind: "date", text: rest.slice(start, end), presence, terms, prefix: false })
        rest = rest.slice(0, sign ? start - 1 : start) + " " + rest.slice(end)
      }
      normal = A.normalise(rest)
    }

    const ending = !/\s$/u.test(query)
    const parts = rest.split(/\s+/u).filter(Boolean)
    parts.forEach((part, index) => {
      let presence = 0
      if (part[0] === "+" || part[0] === "-") {
        presence = part[0] === "+" ? 1 : -1
        part = part.slice(1)
      }
      const last = ending && index === parts.length - 1
      const tokens = A.normalise(part).match(A.WORD) || []
      tokens.forEach((token, t) => {
        const isLast = last && t === tokens.length - 1
        for (let piece of token.split(A.CJK_RUN)) {
          if (!piece) continue
          if (A.isCJK(piece)) {
            clauses.push({ kind: "cjk", text: piece, presence, terms: A.bigrams(piece), prefix: isLast && A.chars(piece).length === 1 })
            continue
          }
          piece = piece.replace(/^'+|'+$/g, "")
          if (!piece) continue
          const stop = A.STOP_WORDS.has(piece)
          if (stop && !isLast)
            continue
          const stem = analyser.stem(piece)
          clauses.push({
            kind: "word", text: piece, presence, terms: stop ? [] : [stem], word: piece, stem,
            prefix: isLast, stop,
            fuzzy: !stop && A.FUZZY_LETTERS.test(stem) && A.chars(stem).length >= 4
          })
        }
      })
    })
    return { clauses, filters, problems }
  }

  scope.BriefingQuery = { parse, named, dateRange }
})(self)
