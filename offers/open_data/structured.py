"""schema.org JSON-LD for offer pages: a `Course` built from the offer's public facts."""

from django.conf import settings

from offers.models import Delivery

from .facts import offer_facts

COURSE_MODES = {
    Delivery.DIGITAL_LIVE: "online",
    Delivery.DIGITAL_SELF_PACED: "online",
    Delivery.IN_PERSON: "onsite",
    Delivery.HYBRID: "blended",
}
LANGUAGES = {"de": ["de"], "en": ["en"], "de-en": ["de", "en"], "de-leicht": ["de"]}


def course_instances(offer, facts):
    """One CourseInstance per date, with its days and place; one without dates when it has none.

    A single instance stays an object (as before offers had dates), several are a list.
    """
    base = {
        "@type": "CourseInstance",
        "courseMode": COURSE_MODES.get(offer.delivery, "online"),
        "description": facts["delivery_label"],
    }
    if facts["time_commitment_hours"]:
        base["courseWorkload"] = f"PT{facts['time_commitment_hours']:g}H"
    if facts["venue"]:
        base["location"] = {"@type": "Place", "name": facts["venue"]}
    if not facts["dates"]:
        return base
    instances = [
        {
            **base,
            "startDate": date["starts_on"],
            "endDate": date["ends_on"] or date["starts_on"],
        }
        for date in facts["dates"]
    ]
    return instances[0] if len(instances) == 1 else instances


def course(offer) -> dict:
    facts = offer_facts(offer)
    provider = {"@type": "Organization", "name": facts["provider"]["name"]}
    if facts["provider"]["website"]:
        provider["url"] = facts["provider"]["website"]
    languages = LANGUAGES.get(offer.language, ["de"])
    data = {
        "@context": "https://schema.org",
        "@type": "Course",
        "@id": facts["page_url"],
        "name": facts["title"],
        "description": facts["summary"] or facts["description"],
        "url": facts["page_url"],
        "provider": provider,
        "inLanguage": languages[0] if len(languages) == 1 else languages,
        "audience": [
            {"@type": "EducationalAudience", "audienceType": entry["name"]}
            for entry in facts["audiences"]
        ],
        "about": [entry["name"] for entry in facts["topics"]],
        "learningResourceType": facts["offer_type"]["name"],
        "hasCourseInstance": course_instances(offer, facts),
        "isAccessibleForFree": facts["is_free"],
    }
    if facts["tags"]:
        data["keywords"] = ", ".join(facts["tags"])
    if facts["time_commitment_hours"]:
        data["timeRequired"] = f"PT{facts['time_commitment_hours']:g}H"
    # What the offer helps to learn: its competences (Kompetenzprofil) as defined terms.
    if facts["competences"]:
        data["teaches"] = [
            {"@type": "DefinedTerm", "name": entry["name"], "termCode": entry["slug"]}
            for entry in facts["competences"]
        ]
    if not facts["is_free"] and facts["cost_eur"] is not None:
        data["offers"] = {
            "@type": "Offer",
            "price": f"{facts['cost_eur']:.2f}",
            "priceCurrency": "EUR",
            "category": "Paid",
            "url": facts["offer_url"] or facts["page_url"],
        }
    elif facts["is_free"]:
        data["offers"] = {
            "@type": "Offer",
            "price": "0",
            "priceCurrency": "EUR",
            "category": "Free",
            "url": facts["offer_url"] or facts["page_url"],
        }
    if facts["certificate"]:
        data["educationalCredentialAwarded"] = {
            "@type": "EducationalOccupationalCredential",
            "name": "Teilnahmebescheinigung",
            "credentialCategory": "certificate",
        }
    if offer.valid_until:
        data["expires"] = offer.valid_until.isoformat()
    data["publisher"] = {"@type": "Organization", "name": settings.OPEN_DATA_PUBLISHER}
    return data
