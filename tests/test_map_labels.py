"""Permanent place labels and touch targets of the offline map (directory.maps.drawing)."""

import itertools
import xml.etree.ElementTree as ET

from directory.maps.drawing import (
    HIT_RADIUS_PX,
    LABEL_SCALES,
    NARROWEST_WIDTH_PX,
    VIEW_WIDTH,
    MapPoint,
    place_labels,
    render_map_svg,
)

SVG = "{http://www.w3.org/2000/svg}"


def named(key, name, lat, lon, weight=1):
    return MapPoint(key, name, lon, lat, f"/p/{key}/", weight=weight, name=name)


# German towns close together (labels must give way) and Central Asian ones far apart.
CROWDED = [
    named("berlin", "Berlin", 52.52, 13.405, weight=9),
    named("potsdam", "Potsdam", 52.39, 13.06),
    named("brandenburg", "Brandenburg an der Havel", 52.41, 12.53),
    named("magdeburg", "Magdeburg", 52.13, 11.63, weight=3),
    named("halle", "Halle (Saale)", 51.48, 11.97),
    named("leipzig", "Leipzig", 51.34, 12.37, weight=4),
    named("tashkent", "Taschkent", 41.3, 69.27, weight=12),
    named("almaty", "Almaty", 43.25, 76.9, weight=2),
]


def _overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_no_two_shown_labels_overlap_at_any_scale():
    labels = place_labels(CROWDED)
    for scale in LABEL_SCALES:
        shown = [label.box(scale) for label in labels if label.min_scale <= scale]
        assert not any(_overlap(a, b) for a, b in itertools.combinations(shown, 2)), scale


def test_crowded_places_get_fewer_labels_on_a_small_map():
    labels = place_labels(CROWDED)
    smallest = [label.key for label in labels if label.min_scale <= LABEL_SCALES[0]]
    assert 0 < len(smallest) < len(CROWDED)
    assert len([label for label in labels if label.min_scale <= LABEL_SCALES[-1]]) == len(CROWDED)


def test_the_most_connected_place_is_labelled_first():
    labels = {label.key: label for label in place_labels(CROWDED)}
    assert labels["berlin"].min_scale <= labels["potsdam"].min_scale
    assert labels["berlin"].min_scale == LABEL_SCALES[0]


def test_points_without_a_name_get_no_label():
    unnamed = MapPoint("seat", "Seat of 2 organisations", 13.4, 52.5, "/o/", weight=2)
    assert place_labels([unnamed]) == []


def test_labels_are_hidden_from_assistive_technology_and_escaped():
    svg = render_map_svg([named("x", "<b>Ort</b>", 50, 10)], title="t", description="d")
    root = ET.fromstring(svg)
    group = root.find(f"{SVG}g[@class='map__labels']")
    assert group.get("aria-hidden") == "true"
    assert group.find(f"{SVG}text").text == "<b>Ort</b>"


def test_labels_appearing_only_when_zoomed_in_start_hidden():
    svg = render_map_svg(CROWDED, title="t", description="d")
    texts = ET.fromstring(svg).iter(f"{SVG}text")
    later = [t for t in texts if float(t.get("data-min-scale")) > 1]
    assert later
    assert all("map__label--later" in t.get("class") for t in later)


def test_every_point_has_a_hit_circle_of_24_px_on_the_narrowest_map():
    svg = render_map_svg([named("x", "Ort", 50, 10)], title="t", description="d")
    hit = ET.fromstring(svg).find(f".//{SVG}circle[@class='map__hit']")
    diameter_px = 2 * float(hit.get("r")) * NARROWEST_WIDTH_PX / VIEW_WIDTH
    assert diameter_px >= 2 * HIT_RADIUS_PX >= 24


def test_highlighted_countries_are_named_in_the_given_language():
    svg = render_map_svg([], title="t", description="d", country_names={"KZ": "Казахстан"})
    titles = {
        path.get("data-iso"): path.findtext(f"{SVG}title")
        for path in ET.fromstring(svg).iter(f"{SVG}path")
        if path.get("data-iso")
    }
    assert titles["KZ"] == "Казахстан"
    assert titles["DE"] == "Deutschland"  # the page language's name of a focus country (de)


def test_a_label_that_would_be_cut_off_at_the_map_edge_goes_to_the_other_side():
    # Aachen lies near the map's western edge: at a phone's scale a label to its left would
    # leave the map, so it goes to the right.
    aachen = named("aachen", "Aachen-Burtscheid", 50.78, 3.3)
    (label,) = place_labels([aachen])
    assert label.side == 1
    eastern = named("east", "Ust-Kamenogorsk", 50.0, 88.8)
    (label,) = place_labels([eastern])
    assert label.side == -1  # too close to the eastern edge for a label on the right
