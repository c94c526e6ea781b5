/*
 * Briefing Room's search worker, for the hosted site and the offline archive alike.
 *
 * Material for MkDocs lets a site bring its own search worker: the user interface only exchanges
 * messages with it (SETUP, READY, QUERY, RESULT). Material's own worker builds a Lunr index of the
 * whole corpus in the browser, which takes half a minute at 10,000 briefs; this one reads the index
 * that briefing/site/search/ prebuilt and sharded at build time, and loads only the shards of the
 * terms a query needs and the pages of the results shown.
 *
 * Each index file is a script calling __briefingSearch(name, data). Served over HTTP, the worker
 * fetches it and reads the data; opened from file:// (the offline archive), where Material runs the
 * worker in an iframe (iframe-worker) and fetch cannot read files, it loads it with a <script>.
 * Either way the same files reach the same code, so a query gives the same results in both.
 *
 * Ranking, per page: first the number of the query's words (clauses) it matches at all, then how
 * many of them it matches exactly (a word's stem, a phrase, a date) rather than as the start of
 * a longer word or one letter off, then the weights (a word in a title or tag counts more than in
 * the text, rare words more than common ones). A page listing briefs (home, topic, actor, timeline)
 * never comes before a brief it lists.
 */
"use strict"

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
/* The index format this worker reads: briefing/site/search/index.py's FORMAT (a test holds them
   equal). An index of another format is refused, with a message in the search box. */
const FORMAT = 2
const KIND = { CONTENT: 0, BRIEF: 1, LISTING: 2, TOPIC: 3, ACTOR: 4 }
const TIER = { EXACT: 2, PREFIX: 1, FUZZY: 0 }
const FACTOR = [0.3, 0.5, 1]          /* weight of a fuzzy, prefix and exact match */
const MAX_FUZZY = 12                  /* words one letter off looked up per query word */
const SHOWN = 30                      /* results whose sections and text are loaded */

/* The worker script's own address: a real worker's location, or the <script> the iframe runs. */
const here = typeof document !== "undefined" && document.currentScript
  ? document.currentScript.src
  : self.location.href
const root = new URL("../../search/", here)
const scripted = new URL(here).protocol === "file:"

/* Loading -------------------------------------------------------------------------------------- */

const waiting = new Map()
self.__briefingSearch = (name, data) => {
  const pending = waiting.get(name)
  if (pending) pending.resolve(data)
}

function script(url) {
  return new Promise((resolve, reject) => {
    const element = document.createElement("script")
    element.src = url
    element.onload = resolve
    element.onerror = () => reject(new Error(`cannot load ${url}`))
    document.head.appendChild(element)
  })
}

const loaded = new Map()
function load(name) {
  if (!loaded.has(name)) {
    const url = new URL(`${name}.js`, root).href
    let promise
    if (scripted) {
      promise = new Promise((resolve, reject) => {
        waiting.set(name, { resolve })
        script(url).then(() => {
          if (waiting.has(name)) reject(new Error(`${name}.js: no data`))
        }, reject)
      }).finally(() => waiting.delete(name))
    } else {
      /* Once more after a failed request (a busy server, a dropped connection): a search should
         not fail for one hiccup of the network. */
      const get = () => fetch(url).then(response => {
        if (!response.ok)
          throw new Error(`${name}.js: ${response.status}`)
        return response.text()
      })
      promise = get().catch(get)
        .then(text => JSON.parse(text.slice(text.indexOf(",") + 1, text.lastIndexOf(")"))))
    }
    /* A file that failed is asked for again by the next search, not remembered as failed. */
    promise = promise.catch(error => { loaded.delete(name); throw error })
    loaded.set(name, promise)
  }
  return loaded.get(name)
}

/* The scripts this one needs: loaded the same way (importScripts does not work in the iframe). */
const parts = ["../vendor/snowball-stemmers/snowball-stemmers.js", "search-analysis.js",
  "search-query.js", "search-render.js"].map(path => new URL(path, here).href)
const ready = scripted
  ? parts.reduce((chain, url) => chain.then(() => script(url)), Promise.resolve())
  : Promise.resolve(importScripts(...parts))

/* State of this worker, filled on SETUP */
let meta = null
let analyser = null
let options = { suggest: false }
let sets = null
let refused = null  /* why this worker cannot search this site's index, once SETUP has read it */

function hex(text) {
  return Array.from(new TextEncoder().encode(text), b => b.toString(16).padStart(2, "0")).join("")
}

/* The shard holding a term (an empty one for a term no shard holds). */
async function postings(kind, term) {
  const key = kind === "phrases" ? BriefingAnalysis.phraseKey(term) : BriefingAnalysis.shardKey(term)
  return sets[kind].has(key) ? load(`${kind}/${hex(key)}`) : { terms: [], postings: [] }
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

function decode(list) {
  const found = new Map()
  for (let j = 0, doc = 0; j < list.length; j += 2) {
    doc += list[j]
    found.set(doc, list[j + 1])
  }
  return found
}

function rarity(list) {
  return Math.log(1 + meta.docs / Math.max(1, list.length / 2))
}

/* Docs holding a term exactly: Map doc -> weight × rarity. */
async function exact(kind, term) {
  const shard = await postings(kind, term)
  const at = lowerBound(shard.terms, term)
  const scores = new Map()
  if (shard.terms[at] === term) {
    const list = shard.postings[at], r = rarity(list)
    for (const [doc, weight] of decode(list)) scores.set(doc, weight * r)
  }
  return scores
}

/* Docs holding a term that starts with one of the prefixes (not the exact terms). */
async function starting(prefixes, except) {
  const scores = new Map(), words = new Set()
  for (const prefix of prefixes) {
    if (BriefingAnalysis.chars(prefix).length < 2 && !BriefingAnalysis.isCJK(prefix))
      continue
    const shard = await postings("shards", prefix)
    for (let i = lowerBound(shard.terms, prefix); i < shard.terms.length && shard.terms[i].startsWith(prefix); i++) {
      const term = shard.terms[i]
      if (except.has(term) || words.has(term)) continue
      words.add(term)
      const list = shard.postings[i], r = rarity(list)
      for (const [doc, weight] of decode(list))
        if (!(scores.get(doc) >= weight * r)) scores.set(doc, weight * r)
    }
  }
  return { scores, words }
}

/* One edit apart (optimal string alignment: a swap of neighbours is one edit)? */
function oneEdit(a, b) {
  if (Math.abs(a.length - b.length) > 1) return false
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  if (i === a.length && i === b.length) return false  /* the same word */
  const rest = (x, from, y, to) => x.length - from === y.length - to && x.slice(from).every((c, k) => c === y[to + k])
  if (a.length === b.length)
    return rest(a, i + 1, b, i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && rest(a, i + 2, b, i + 2))
  return a.length > b.length ? rest(a, i + 1, b, i) : rest(a, i, b, i + 1)
}

/* Words one letter off the stem, from the lists of words by length; their docs. */
async function fuzzy(stem, except) {
  const letters = BriefingAnalysis.chars(stem)
  const lengths = [letters.length - 1, letters.length, letters.length + 1].filter(n => sets.vocab.has(n))
  const lists = await Promise.all(lengths.map(n => load(`vocab/${n}`)))
  const a = letters
  const candidates = []
  for (const list of lists)
    for (const word of list) {
      const b = BriefingAnalysis.chars(word)
      if (except.has(word) || Math.max(a.length, b.length) < 5) continue
      if (oneEdit(a, b)) candidates.push(word)
      if (candidates.length >= MAX_FUZZY) break
    }
  const scores = new Map()
  for (const word of candidates)
    for (const [doc, score] of await exact("shards", word))
      if (!(scores.get(doc) >= score)) scores.set(doc, score)
  return { scores, words: new Set(candidates) }
}

/* Matching ------------------------------------------------------------------------------------- */

/* Intersect the docs of several terms (all must be in one doc); scores summed. */
async function allOf(kind, terms) {
  const [first, ...others] = await Promise.all(terms.map(term => exact(kind, term)))
  const scores = new Map()
  for (const [doc, score] of first || []) {
    if (others.every(found => found.has(doc)))
      scores.set(doc, others.reduce((total, found) => total + found.get(doc), score))
  }
  return scores
}

/* A clause → Map doc -> [tier, score], and the words to highlight for it. */
async function matchClause(clause) {
  const found = new Map()
  const marks = { stems: new Set(), prefixes: [], strings: [], dates: new Set() }
  const add = (scores, tier) => {
    for (const [doc, raw] of scores) {
      const old = found.get(doc), score = raw * FACTOR[tier]
      if (!old || old[0] < tier || (old[0] === tier && old[1] < score))
        found.set(doc, [tier, score])
    }
  }
  if (clause.kind === "phrase") {
    add(await allOf("phrases", clause.terms), TIER.EXACT)
    clause.words.forEach(word => marks.stems.add(word))
  } else if (clause.kind === "date") {
    add(await allOf("shards", clause.terms), TIER.EXACT)
    clause.terms.forEach(term => marks.dates.add(term))
  } else if (clause.kind === "cjk") {
    add(await allOf("shards", clause.terms), TIER.EXACT)
    if (clause.prefix) add((await starting([clause.text], new Set(clause.terms))).scores, TIER.PREFIX)
    marks.strings.push(clause.text)
  } else {
    const exactTerms = new Set(clause.terms)
    if (clause.terms.length) {
      add(await exact("shards", clause.stem), TIER.EXACT)
      marks.stems.add(clause.stem)
    }
    if (clause.prefix) {
      if (BriefingAnalysis.chars(clause.word).length < 2) {
        add(titlesStarting(clause.word), TIER.PREFIX)
      } else {
        const { scores } = await starting([...new Set([clause.word, clause.stem])], exactTerms)
        add(scores, TIER.PREFIX)
      }
      marks.prefixes.push(clause.word)
    }
    if (clause.fuzzy) {
      const { scores, words } = await fuzzy(clause.stem, exactTerms)
      add(scores, TIER.FUZZY)
      words.forEach(word => marks.stems.add(word))
    }
  }
  return { found, marks }
}

/* One letter: page titles only, from the table every search loads. */
function titlesStarting(letter) {
  const scores = new Map()
  meta.titles.forEach((title, number) => {
    const words = BriefingAnalysis.normalise(title).match(BriefingAnalysis.WORD) || []
    if (words.some(word => word.startsWith(letter)))
      scores.set(meta.starts[number], 10)
  })
  return scores
}

function pageOf(doc) {
  return lowerBound(meta.starts, doc + 1) - 1
}

function passesFilters(number, filters) {
  const [kind, date, topics, actors] = meta.facts[number]
  const any = filters.topics.length || filters.actors.length || filters.dates.length
  if (!any) return true
  if (kind !== KIND.BRIEF) return false
  for (const { found, excluded } of filters.topics)
    if (found.some(t => topics.includes(t)) === excluded) return false
  for (const { found, excluded } of filters.actors)
    if (found.some(a => actors.includes(a)) === excluded) return false
  return filters.dates.every(([from, to]) => date >= from && date <= to)
}

function compare(a, b) {
  return b.matched - a.matched || b.exact - a.exact || b.score - a.score || a.number - b.number
}

/* Listing pages after the last brief they list among the results. */
function demoteListings(ranked) {
  let lastBrief = -1
  const lastByTopic = new Map(), lastByActor = new Map()
  ranked.forEach((page, position) => {
    const [kind, , topics, actors] = meta.facts[page.number]
    if (kind !== KIND.BRIEF) return
    lastBrief = position
    topics.forEach(t => lastByTopic.set(t, position))
    actors.forEach(a => lastByActor.set(a, position))
  })
  const place = ranked.map((page, position) => {
    const [kind, , topics, actors] = meta.facts[page.number]
    let floor = -1
    if (kind === KIND.LISTING) floor = lastBrief
    else if (kind === KIND.TOPIC) floor = lastByTopic.has(topics[0]) ? lastByTopic.get(topics[0]) : -1
    else if (kind === KIND.ACTOR) floor = lastByActor.has(actors[0]) ? lastByActor.get(actors[0]) : -1
    return { page, position: Math.max(position, floor + 0.5) }
  })
  return place.sort((a, b) => a.position - b.position).map(entry => entry.page)
}

async function search(query) {
  const { clauses, filters } = BriefingQuery.parse(query, meta, analyser)
  const positive = clauses.filter(clause => clause.presence >= 0)
  const filtered = filters.topics.length || filters.actors.length || filters.dates.length
  if (!positive.length && !filtered)
    return { items: [] }
  const matches = await Promise.all(clauses.map(matchClause))

  /* Per page: each clause's best match over the page's documents. */
  const pages = new Map()
  const pageEntry = number => {
    if (!pages.has(number))
      pages.set(number, { number, best: clauses.map(() => null), docs: new Map() })
    return pages.get(number)
  }
  clauses.forEach((clause, index) => {
    for (const [doc, match] of matches[index].found) {
      const entry = pageEntry(pageOf(doc))
      const best = entry.best[index]
      if (!best || best[0] < match[0] || (best[0] === match[0] && best[1] < match[1]))
        entry.best[index] = match
      if (clause.presence >= 0) {
        const hits = entry.docs.get(doc) || new Map()
        hits.set(index, match)
        entry.docs.set(doc, hits)
      }
    }
  })
  if (!positive.length)  /* filters alone: every brief they let through, newest first */
    meta.facts.forEach((_, number) => pageEntry(number))

  const ranked = []
  for (const entry of pages.values()) {
    if (!passesFilters(entry.number, filters)) continue
    let matched = 0, exact = 0, score = 0, out = false
    clauses.forEach((clause, index) => {
      const best = entry.best[index]
      if (clause.presence < 0) {
        if (best && best[0] >= TIER.PREFIX) out = true
        return
      }
      if (!best) {
        if (clause.presence > 0) out = true
        return
      }
      matched += 1
      if (best[0] === TIER.EXACT) exact += 1
      score += best[1]
    })
    if (out || (positive.length && !matched)) continue
    if (!positive.length) score = meta.facts[entry.number][1]
    ranked.push({ ...entry, matched, exact, score })
  }
  ranked.sort(compare)
  const ordered = demoteListings(ranked)
  const shown = await Promise.all(ordered.slice(0, SHOWN).map(page => load(`pages/${page.number}`)))
  const marks = matches.filter((_, index) => clauses[index].presence >= 0).map(match => match.marks)
  const items = ordered.map((page, rank) => BriefingRender.item({
    meta, page, sections: shown[rank], clauses, marks, analyser, score: ordered.length - rank
  }))
  const result = { items }
  if (options.suggest && ordered.length)
    result.suggest = BriefingRender.suggest(meta.titles[ordered[0].number], clauses)
  return result
}

/* Protocol ------------------------------------------------------------------------------------- */

async function handle(message) {
  switch (message.type) {
    case SETUP:
      options = (message.data && message.data.options) || options
      await ready
      meta = await load("meta")
      if (meta.format !== FORMAT) {
        /* Material shows no worker error: the answer to every query says it (READY lets one be
           typed). A page and an index from different builds meet after a partial deploy. */
        refused = `Search is unavailable: this site's search index has format ${meta.format}, ` +
          `and its search reads format ${FORMAT}. The site must be built again in one piece.`
        console.error(`Search worker: ${refused}`)
        return { type: READY }
      }
      analyser = new BriefingAnalysis.Analyser()
      sets = { shards: new Set(meta.shards), phrases: new Set(meta.phrases), vocab: new Set(meta.vocab) }
      return { type: READY }
    case QUERY:
      if (refused)  /* the message for anything typed; an empty box stays as it is */
        return { type: RESULT, data: { items: !String(message.data || "").trim() ? [] : [[{
          location: "", score: 1, title: BriefingRender.escape(refused), text: "", terms: {}
        }]] } }
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

let latest = 0
let queue = Promise.resolve()
addEventListener("message", event => {
  const message = event.data
  const ticket = message.type === QUERY ? ++latest : latest
  /* One message at a time, in order; a query overtaken by a newer one is skipped, so results
     never arrive out of order while the shards it needs are still loading. */
  queue = queue.then(async () => {
    if (message.type === QUERY && ticket !== latest)
      return
    const answer = await handle(message)
    if (message.type !== QUERY || ticket === latest)
      postMessage(answer)
  }).catch(error => console.warn("Search worker:", error))
})
