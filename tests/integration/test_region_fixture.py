from accord.domain import ledger as chain
from accord.ledger.selectors import chain_entries


def test_the_region_is_recorded_on_a_chain_that_verifies(region):
    report = chain.verify_chain(chain_entries(viewer=None))
    assert report.ok
    # 1 secretariat + 6 states × (admission + 2 people) + chair + chair appointment
    assert report.entries_checked == 1 + 6 * 3 + 2


def test_chair_is_the_holder_of_the_current_term(region):
    assert region.chair.is_chair
    assert not region.head("KAZ").is_chair
    assert region.chair.requires_two_factor
    assert not region.delegate("KAZ").requires_two_factor
