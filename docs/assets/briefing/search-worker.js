/*
 * Briefing Room's search worker for the hosted site.
 *
 * Material for MkDocs lets a site bring its own search worker: the user interface only exchanges
 * messages with it (SETUP, READY, QUERY, RESULT). Material's own worker builds a Lunr index of the
 * whole corpus in the browser, which takes half a minute at 10,000 briefs; this one reads the index
 * that `briefing/site/search.py` prebuilt and sharded at build time, and fetches only the shards of the
 * words typed and the pages of the results shown.
 *
 * Everything in the index is plain text: this worker escapes it before adding <mark> highlights,
 * since Material inserts result titles and text as markup.
 */
"use strict"

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
const SHOWN = 50          /* results whose sections and text are fetched; the rest show their title */
const SNIPPET = 320       /* characters of text shown per result */

const root = new URL("../../search/", self.location.href)
let meta = null
let separator = /[\s\-]+/
let stop = new Set()
let shardSet = new Set()
let options = { suggest: false }
const shards = new Map()
const pages = new Map()
let latest = 0
let queue = Promise.resolve()

function fetchJSON(path) {
  return fetch(new URL(path, root)).then(response => {
    if (!response.ok)
      throw new Error(`${path}: ${response.status}`)
    return response.json()
  })
}

function hex(text) {
  return Array.from(new TextEncoder().encode(text), b => b.toString(16).padStart(2, "0")).join("")
}

function shard(prefix) {
  if (!shardSet.has(prefix))
    return Promise.resolve({ terms: [], postings: [] })
  if (!shards.has(prefix))
    shards.set(prefix, fetchJSON(`shards/${hex(prefix)}.json`))
  return shards.get(prefix)
}

function page(number) {
  if (!pages.has(number))
    pages.set(number, fetchJSON(`pages/${number}.json`))
  return pages.get(number)
}

/* The word as the index holds it: lower case, punctuation trimmed from both ends. */
function normalise(word) {
  return word.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "")
}

/* Material's query syntax, as far as it makes sense here: every word is a prefix; "+word" and
   words in quotation marks are required, "-word" excluded. Stop words are dropped, except the
   last word, which may be the start of a longer one still being typed. */
function parse(query) {
  const quoted = query.replace(/"([^"]+)"/g, (_, words) => words.trim().split(/\s+/).map(w => `+${w}`).join(" "))
  const parts = quoted.split(/\s+/).filter(Boolean)
  const clauses = []
  parts.forEach((part, index) => {
    let presence = 0
    if (part[0] === "+" || part[0] === "-") {
      presence = part[0] === "+" ? 1 : -1
      part = part.slice(1)
    }
    for (const word of part.split(separator)) {
      const term = normalise(word)
      if (term && (!stop.has(term) || index === parts.length - 1))
        clauses.push({ term, presence })
    }
  })
  return clauses
}

function lowerBound(list, value) {
  let low = 0, high = list.length
  while (low < high) {
    const middle = (low + high) >> 1
    if (list[middle] < value) low = middle + 1
    else high = middle
  }
  return low
}

/* Per document, the best score of any indexed word that starts with the term. */
async function match(term) {
  const scores = new Map()
  if ([...term].length < meta.prefix) {
    /* Too short for a shard: page titles only, from the table every search loads. */
    meta.titles.forEach((title, number) => {
      if (title.toLowerCase().split(separator).some(word => normalise(word).startsWith(term)))
        scores.set(meta.starts[number], 10)
    })
    return scores
  }
  const { terms, postings } = await shard([...term].slice(0, meta.prefix).join(""))
  for (let i = lowerBound(terms, term); i < terms.length && terms[i].startsWith(term); i++) {
    const list = postings[i]
    const rarity = Math.log(1 + meta.docs / (list.length / 2))
    const exact = terms[i] === term ? 1 : 0.7
    for (let j = 0, doc = 0; j < list.length; j += 2) {
      doc += list[j]
      const score = list[j + 1] * rarity * exact
      if (!(scores.get(doc) >= score))
        scores.set(doc, score)
    }
  }
  return scores
}

function pageOf(doc) {
  return lowerBound(meta.starts, doc + 1) - 1
}

function escape(text) {
  return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)
}

/* Plain text → escaped markup, every word starting with a matched term in <mark>. */
function highlight(text, terms) {
  if (!terms.length)
    return escape(text)
  let out = "", last = 0
  const word = /[\p{L}\p{N}](?:[^\s\-]*[\p{L}\p{N}])?/gu
  for (let found; (found = word.exec(text)); ) {
    const lower = normalise(found[0])
    if (terms.some(term => lower.startsWith(term))) {
      out += escape(text.slice(last, found.index)) + `<mark data-md-highlight>${escape(found[0])}</mark>`
      last = found.index + found[0].length
    }
  }
  return out + escape(text.slice(last))
}

/* The stretch of text around the first match, cut at spaces. */
function snippet(text, terms) {
  const lower = text.toLowerCase()
  let first = -1
  for (const term of terms) {
    const at = lower.search(new RegExp(`(^|[^\\p{L}\\p{N}])${term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "u"))
    if (at >= 0 && (first < 0 || at < first))
      first = at
  }
  let start = first > SNIPPET / 3 ? text.lastIndexOf(" ", first - SNIPPET / 4) : 0
  if (start < 0) start = 0
  let end = start + SNIPPET < text.length ? text.lastIndexOf(" ", start + SNIPPET) : text.length
  if (end <= start) end = Math.min(text.length, start + SNIPPET)
  return (start > 0 ? "… " : "") + text.slice(start, end).trim() + (end < text.length ? " …" : "")
}

async function search(query) {
  const clauses = parse(query)
  const wanted = clauses.filter(clause => clause.presence >= 0)
  if (!wanted.length)
    return { items: [] }
  const matches = await Promise.all(clauses.map(clause => match(clause.term)))

  /* Score documents: the sum over terms, boosted like Material's for pages and for documents
     that match more of the query. */
  const scored = new Map()
  clauses.forEach((clause, index) => {
    if (clause.presence < 0) return
    for (const [doc, score] of matches[index]) {
      const entry = scored.get(doc) || { score: 0, matched: new Set() }
      entry.score += score
      entry.matched.add(clause.term)
      scored.set(doc, entry)
    }
  })
  const groups = new Map()
  for (const [doc, entry] of scored) {
    if (clauses.some((c, i) => (c.presence > 0 && !matches[i].has(doc)) || (c.presence < 0 && matches[i].has(doc))))
      continue
    const number = pageOf(doc)
    const isPage = doc === meta.starts[number]
    const boost = +isPage + entry.matched.size / wanted.length
    const score = entry.score * (1 + boost * boost)
    const group = groups.get(number) || { number, score: 0, docs: [] }
    group.docs.push({ doc, score, matched: entry.matched })
    group.score = Math.max(group.score, score)
    groups.set(number, group)
  }
  const ranked = [...groups.values()].sort((a, b) => b.score - a.score || a.number - b.number)
  const details = await Promise.all(ranked.slice(0, SHOWN).map(group => page(group.number)))

  const terms = [...new Set(wanted.map(clause => clause.term))]
  const flags = matched => Object.fromEntries(terms.map(term => [term, matched.has(term)]))
  const items = ranked.map((group, rank) => {
    const location = meta.locations[group.number]
    const start = meta.starts[group.number]
    const sections = details[rank]
    group.docs.sort((a, b) => b.score - a.score || a.doc - b.doc)
    const item = (doc, score, matched) => {
      const [suffix, title, text, tags] = sections ? sections[doc - start] : ["", meta.titles[group.number], "", []]
      const found = terms.filter(term => matched.has(term))
      const result = {
        location: location + suffix,
        title: highlight(title, found),
        text: text ? highlight(snippet(text, found), found) : "",
        score,
        terms: flags(matched)
      }
      if (tags && tags.length)
        result.tags = tags.map(escape)
      return result
    }
    const list = (sections ? group.docs : group.docs.filter(d => d.doc === start))
      .map(d => item(d.doc, d.score, d.matched))
    if (!group.docs.some(d => d.doc === start))
      list.push(item(start, 0, new Set()))
    return list
  })

  const result = { items }
  if (options.suggest && ranked.length) {
    const last = wanted[wanted.length - 1].term
    const title = meta.titles[ranked[0].number].split(separator).map(normalise)
    const word = title.find(w => w.startsWith(last))
    result.suggest = word ? [word] : []
  }
  return result
}

async function handle(message) {
  switch (message.type) {
    case SETUP:
      options = message.data.options || options
      meta = await fetchJSON("meta.json")
      separator = new RegExp(meta.separator, "u")
      stop = new Set(meta.stop)
      shardSet = new Set(meta.shards)
      return { type: READY }
    case QUERY:
      try {
        return { type: RESULT, data: await search(message.data) }
      } catch (error) {
        console.warn(`Search failed for ${JSON.stringify(message.data)}`, error)
        return { type: RESULT, data: { items: [] } }
      }
    default:
      throw new TypeError("Invalid message type")
  }
}

addEventListener("message", event => {
  const message = event.data
  const ticket = message.type === QUERY ? ++latest : latest
  /* One message at a time, in order; a query overtaken by a newer one is skipped, so results
     never arrive out of order while the shards it needs are still being fetched. */
  queue = queue.then(async () => {
    if (message.type === QUERY && ticket !== latest)
      return
    const answer = await handle(message)
    if (message.type !== QUERY || ticket === latest)
      postMessage(answer)
  })
})
