"""Small options for the page and diff tests, citing real source ids (the review, its
references, the project's decisions), so every expectation is exact and independent of
the catalogue's content."""

from __future__ import annotations

from allmodel.criteria import (
    All,
    Any,
    AtLeast,
    Constant,
    Coverage,
    CoverageStatus,
    InJurisdiction,
    Is,
    IsIn,
    Jurisdiction,
    Known,
    Not,
    Op,
    Option,
    OptionKind,
    Threshold,
)

__all__ = ["ADULT", "LABELLED", "TRIAL", "adult", "guard"]


def adult(node_id: str = "adult", *citations: str) -> Threshold:
    """Aged 18 or over."""
    return Threshold(
        id=node_id,
        text="aged 18 or over",
        fact="age_years",
        op=Op.GE,
        value=18,
        unit="years",
        citations=citations,
    )


def guard(node_id: str, where: Jurisdiction, *citations: str) -> InJurisdiction:
    """A jurisdiction guard."""
    return InJurisdiction(
        id=node_id, text=f"{where.value} label", jurisdictions=(where,), citations=citations
    )


#: One leaf as the whole tree.
ADULT = Option(
    id="adult_only",
    kind=OptionKind.THERAPY,
    name="Adults only",
    criteria=adult("adult", "review-ref-7"),
    citations=("review",),
)

#: A label option: a US branch decided by the jurisdiction alone, an EU branch with its
#: own nested conditions, and a top-level exclusion.
LABELLED = Option(
    id="labelled",
    kind=OptionKind.THERAPY,
    name="A labelled product",
    citations=("review-ref-7", "decision-1"),
    criteria=All(
        id="labelled",
        text="the product's indication",
        citations=("review",),
        parts=(
            IsIn(
                id="b_precursor",
                text="B-precursor ALL",
                fact="lineage",
                values=("b_precursor",),
                citations=("review-ref-7",),
            ),
            Not(
                id="no_t315i",
                text="no T315I",
                citations=("review-ref-8",),
                part=Is(id="t315i", text="T315I mutation found", fact="t315i"),
            ),
            Any(
                id="label_population",
                text="within the label in force",
                citations=("decision-1",),
                parts=(
                    guard("jurisdiction_us", Jurisdiction.US, "review-ref-9"),
                    All(
                        id="eu_label",
                        text="EU label: adults, Ph-negative or after two TKIs",
                        citations=("review-ref-10",),
                        parts=(
                            guard("jurisdiction_eu", Jurisdiction.EU, "review-ref-11"),
                            adult("eu_adult"),
                            Any(
                                id="eu_ph",
                                text="Ph-negative, or Ph-positive after two TKIs",
                                parts=(
                                    IsIn(
                                        id="ph_negative",
                                        text="Ph-negative",
                                        fact="ph_status",
                                        values=("negative",),
                                    ),
                                    Threshold(
                                        id="two_tkis",
                                        text="two TKIs failed",
                                        fact="tki_failures",
                                        op=Op.GE,
                                        value=2,
                                        unit="count",
                                    ),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    notes=(
        "Follows the label [decision-1], not the review [review-ref-7].",
        "A note without markers.",
    ),
    coverage=(
        Coverage(
            source="review-ref-10",
            condition="adults",
            excluding=True,
            status=CoverageStatus.ENCODED,
            rule="eu_adult",
        ),
        Coverage(
            source="review-ref-12",
            condition="children from 1 year",
            excluding=False,
            status=CoverageStatus.NOT_APPLICABLE,
            reason="adds children only; adults are screened",
        ),
    ),
)

#: A trial with every kind of node: exclusions of a leaf and of a composite, a nested
#: negation, AtLeast, Known, Constant, ECOG without a unit, a partly guarded Any.
TRIAL = Option(
    id="small_trial",
    kind=OptionKind.TRIAL,
    name="Small trial",
    citations=("review-ref-30",),
    registry_ids=("NCT00000001",),
    criteria=All(
        id="entry",
        text="entry criteria",
        parts=(
            adult("adult", "review-ref-30"),
            Threshold(id="ecog", text="ECOG 0-1", fact="ecog", op=Op.LE, value=1),
            Known(id="ph_known", text="Ph status known", fact="ph_status"),
            Constant(id="open", text="the trial is open", value=True),
            Any(
                id="disease_state",
                text="refractory, or EU: relapsed after HCT",
                parts=(
                    Is(
                        id="primary_refractory",
                        text="primary refractory",
                        fact="primary_refractory",
                    ),
                    Not(
                        id="not_in_remission",
                        text="not in remission",
                        part=Is(id="in_remission", text="in remission", fact="in_remission"),
                    ),
                    All(
                        id="eu_after_hct",
                        text="EU: relapsed after HCT",
                        parts=(
                            guard("eu_only", Jurisdiction.EU),
                            IsIn(
                                id="after_hct",
                                text="relapse after HCT",
                                fact="phase",
                                values=("relapse_after_allogeneic_hct",),
                            ),
                        ),
                    ),
                ),
            ),
            AtLeast(
                id="two_of_three",
                text="two of three TKIs received",
                count=2,
                parts=(
                    Is(id="prior_imatinib", text="imatinib", fact="prior_imatinib"),
                    Is(
                        id="prior_second_generation_tki",
                        text="a second-generation TKI",
                        fact="prior_second_generation_tki",
                    ),
                    Is(id="prior_ponatinib", text="ponatinib", fact="prior_ponatinib"),
                ),
            ),
            Not(
                id="no_active_gvhd",
                text="no active GVHD",
                citations=("review-ref-31",),
                part=Is(
                    id="active_gvhd",
                    text="active GVHD",
                    fact="active_gvhd",
                    citations=("review-ref-32",),
                ),
            ),
            Not(
                id="no_prior_cd19",
                text="no prior CD19-directed therapy or CAR T cells",
                part=Any(
                    id="prior_cd19",
                    text="prior CD19-directed therapy or CAR T cells",
                    parts=(
                        Is(
                            id="prior_cd19_directed",
                            text="CD19-directed",
                            fact="prior_cd19_directed",
                        ),
                        Is(id="prior_car_t", text="CAR T cells", fact="prior_car_t"),
                    ),
                ),
            ),
        ),
    ),
    coverage=(
        Coverage(
            source="decision-9",
            condition="prior gene therapy other than CAR T",
            excluding=True,
            status=CoverageStatus.UNCONFIRMED,
            reason="not confirmed in the registry record",
        ),
    ),
)
