"""The pictures on each page, with links made from that page (``briefing.pictures`` draws them)."""

from __future__ import annotations

from ...catalog import Catalog
from .. import uris
from ..html import Links
from ..pictures import activity, network
from ..pictures import timeline as timeline_chart


class _Hrefs:
    """Links from one page to briefs, actors, topics and timeline sections, as the pictures need
    them.
    """

    def __init__(self, links: Links, here: str) -> None:
        self.links, self.here = links, here

    def brief(self, brief_id: str) -> str:
        return self.links.href(self.here, uris.brief(brief_id))

    def actor(self, actor_id: str) -> str:
        return self.links.href(self.here, uris.actor(actor_id))

    def topic(self, topic_id: str) -> str:
        return self.links.href(self.here, uris.topic(topic_id))

    def periods_on(self, page: str):
        """Links to the year and month headings of the timeline listing on ``page``."""
        return lambda year, month=None: self.links.href(
            self.here, page, "#" + uris.period_anchor(year, month)
        )


def site_timeline(catalog: Catalog, links: Links) -> str:
    hrefs = _Hrefs(links, uris.TIMELINE)
    lanes = timeline_chart.lanes_by_topic(catalog, hrefs.topic)
    return timeline_chart.chart(
        lanes,
        ident="br-timeline",
        title="Timeline of events, by topic",
        brief_href=hrefs.brief,
        period_href=hrefs.periods_on(uris.TIMELINE),
    )


def topic_timeline(topic_id: str, catalog: Catalog, links: Links) -> str:
    here = uris.topic(topic_id)
    hrefs = _Hrefs(links, here)
    lanes = timeline_chart.lanes_by_actor(
        catalog.timeline_by_topic.get(topic_id, []), catalog, hrefs.actor
    )
    title = f"Timeline of events: {catalog.topics[topic_id].title}, by actor"
    return timeline_chart.chart(
        lanes,
        ident="br-timeline",
        title=title,
        brief_href=hrefs.brief,
        period_href=hrefs.periods_on(here),
    )


def topic_activity(topic_id: str, catalog: Catalog) -> str:
    title = f"Briefs and events per month: {catalog.topics[topic_id].title}"
    return activity.chart(
        catalog.by_topic.get(topic_id, []),
        catalog.timeline_by_topic.get(topic_id, []),
        ident="br-activity",
        title=title,
    )


def actor_timeline(actor_id: str, catalog: Catalog, links: Links) -> str:
    hrefs = _Hrefs(links, uris.actor(actor_id))
    lanes = timeline_chart.lanes_by_actor(
        catalog.timeline_by_actor.get(actor_id, []), catalog, hrefs.actor, first=actor_id
    )
    title = (
        f"Timeline of events involving {catalog.actors[actor_id].name}, with the "
        f"other actors involved"
    )
    return timeline_chart.chart(
        lanes,
        ident="br-timeline",
        title=title,
        brief_href=hrefs.brief,
        period_href=hrefs.periods_on(uris.TIMELINE),
        periods_where="on the timeline page",
    )


def actor_network(actor_id: str, catalog: Catalog, links: Links) -> str:
    hrefs = _Hrefs(links, uris.actor(actor_id))
    title = f"Actors who appear in briefs with {catalog.actors[actor_id].name}"
    return network.ego_network(actor_id, catalog, hrefs.actor, ident="br-network", title=title)


def site_network(catalog: Catalog, links: Links) -> str:
    hrefs = _Hrefs(links, uris.ACTORS_INDEX)
    return network.site_network(
        catalog, hrefs.actor, ident="br-network", title="Actors and the briefs they share"
    )
