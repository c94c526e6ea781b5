/*
 * Search results as Material's user interface shows them: one group per page (the page first,
 * then its sections that matched), each with its title and a snippet around the first match,
 * the matched words in <mark>.
 *
 * Everything in the index is plain text: it is escaped here before the <mark> highlights go
 * in, since Material inserts result titles and text as markup.
 *
 * Defines self.BriefingRender; needs self.BriefingAnalysis.
 */
"use strict"

;(function (scope) {
  const A = scope.BriefingAnalysis
  const SNIPPET = 320  /* characters of text shown per result */

  function escape(text) {
    return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)
  }

  /* Where the words a query matched are in a text: [start, end] ranges, in order. */
  function ranges(text, marks, analyser) {
    const found = []
    const word = new RegExp(A.WORD.source, "gu")
    for (let match; (match = word.exec(text)); ) {
      const normal = A.normalise(match[0])
      const hit = normal.split(A.CJK_RUN).some(piece => {
        piece = piece.replace(/^'+|'+$/g, "")
        if (!piece || A.isCJK(piece)) return false
        const stem = analyser.stem(piece)
        return marks.some(m => m.stems.has(stem) || m.prefixes.some(p => piece.startsWith(p) || stem.startsWith(p)))
      })
      if (hit) found.push([match.index, match.index + match[0].length])
    }
    for (const m of marks)
      for (const string of m.strings)
        for (let at = text.indexOf(string); at >= 0; at = text.indexOf(string, at + string.length))
          found.push([at, at + string.length])
    const dates = marks.filter(m => m.dates.size)
    const normal = A.normalise(text)
    if (dates.length && normal.length === text.length)
      for (const [start, end, terms] of A.dateSpans(normal)) {
        const all = A.indexDateTerms(normal.slice(start, end))
        if (dates.some(m => terms.concat(all).some(term => m.dates.has(term))))
          found.push([start, end])
      }
    found.sort((a, b) => a[0] - b[0] || b[1] - a[1])
    const merged = []
    for (const range of found) {
      const last = merged[merged.length - 1]
      if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1])
      else merged.push([...range])
    }
    return merged
  }

  function highlight(text, found) {
    let out = "", last = 0
    for (const [start, end] of found) {
      out += escape(text.slice(last, start)) + `<mark data-md-highlight>${escape(text.slice(start, end))}</mark>`
      last = end
    }
    return out + escape(text.slice(last))
  }

  /* The stretch of text around the first match, cut at spaces, highlighted. */
  function snippet(text, marks, analyser) {
    const found = ranges(text, marks, analyser)
    const first = found.length ? found[0][0] : 0
    let start = first > SNIPPET / 3 ? text.lastIndexOf(" ", first - SNIPPET / 4) + 1 : 0
    if (start < 0) start = 0
    let end = start + SNIPPET < text.length ? text.lastIndexOf(" ", start + SNIPPET) : text.length
    if (end <= start) end = Math.min(text.length, start + SNIPPET)
    const inside = found
      .filter(([a, b]) => b > start && a < end)
      .map(([a, b]) => [Math.max(a, start) - start, Math.min(b, end) - start])
    return (start > 0 ? "… " : "") + highlight(text.slice(start, end), inside) + (end < text.length ? " …" : "")
  }

  /* One page's group of results, for Material. */
  function item({ meta, page, sections, clauses, marks, analyser, score }) {
    const location = meta.locations[page.number]
    const start = meta.starts[page.number]
    const positive = clauses.map((clause, index) => index).filter(index => clauses[index].presence >= 0)
    const terms = hits => Object.fromEntries(positive.map(index => [clauses[index].text, hits(index)]))
    if (!sections)  /* beyond the results whose page files are loaded: the title */
      return [{
        location, score, title: highlight(meta.titles[page.number], ranges(meta.titles[page.number], marks, analyser)),
        text: "", terms: terms(index => page.best[index] !== null)
      }]
    const matched = [...page.docs.entries()]
      .filter(([doc]) => doc !== start)
      .map(([doc, hits]) => ({ doc, hits, sum: [...hits.values()].reduce((t, m) => t + m[1], 0) }))
      .sort((a, b) => b.hits.size - a.hits.size || b.sum - a.sum || a.doc - b.doc)
    const top = matched.length ? matched[0].hits.size : 0
    const seen = new Set()
    const entry = (doc, value, own) => {
      const [suffix, title, text, tags] = sections[doc - start]
      const key = `${title}\u0000${text}`
      if (seen.has(key)) return null
      seen.add(key)
      const result = {
        location: location + suffix,
        title: highlight(title, ranges(title, marks, analyser)),
        text: text ? snippet(text, marks, analyser) : "",
        score: value,
        terms: terms(own)
      }
      if (tags && tags.length) result.tags = tags.map(escape)
      return result
    }
    const pageHits = page.docs.get(start)
    const group = [entry(start, score, index => page.best[index] !== null)]
    for (const { doc, hits } of matched) {
      const section = entry(doc, hits.size === top ? score : score - 0.5, index => hits.has(index))
      if (section) group.push(section)
    }
    if (!pageHits && group.length > 1 && !matched.some(m => m.hits.size === top))
      group[0].text = ""
    return group
  }

  /* The word of the best result's title that the last word typed begins, for Material. */
  function suggest(title, clauses) {
    const last = clauses[clauses.length - 1]
    if (!last || last.kind !== "word" || !last.prefix) return []
    const word = (A.normalise(title).match(A.WORD) || []).find(w => w.startsWith(last.word) && w !== last.word)
    return word ? [word] : []
  }

  scope.BriefingRender = { item, suggest, escape, highlight, ranges, snippet }
})(self)
