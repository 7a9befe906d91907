"""The offline SVG map (directory.maps.drawing): pure Python, no database."""

import re
import xml.etree.ElementTree as ET

import pytest

from directory.maps.drawing import (
    CLIP_MARGIN,
    FOCUS_COUNTRIES,
    OUTLINES_PATH,
    VIEW_WIDTH,
    MapLine,
    MapPoint,
    load_outlines,
    point_radius,
    project,
    render_map_svg,
    view_box,
)

SVG = "{http://www.w3.org/2000/svg}"


def place(key, label, lat, lon, weight=1):
    return MapPoint(key=key, label=label, lon=lon, lat=lat, url=f"/places/{key}/", weight=weight)


BERLIN = place("berlin", "Berlin", 52.52, 13.405, weight=12)
BREMEN = place("bremen", "Bremen", 53.08, 8.81)
REUTLINGEN = place("reutlingen", "Reutlingen", 48.49, 9.21)
TASHKENT = place("tashkent", "Tashkent", 41.3, 69.2667, weight=30)
SAMARKAND = place("samarkand", "Samarkand", 39.6542, 66.9597)
DUSHANBE = place("dushanbe", "Dushanbe", 38.5731, 68.7864)
ALMATY = place("almaty", "Almaty", 43.2389, 76.8897)
POINTS = [BERLIN, BREMEN, REUTLINGEN, TASHKENT, SAMARKAND, DUSHANBE]


def twinning(start, end):
    key = f"{start.key}-{end.key}"
    return MapLine(key, f"{start.label} – {end.label}", start, end, f"/twinnings/{key}/")


LINES = [twinning(BERLIN, TASHKENT), twinning(BREMEN, SAMARKAND), twinning(REUTLINGEN, DUSHANBE)]


def render(points=POINTS, lines=LINES, **kwargs):
    kwargs.setdefault("title", "Twinnings")
    kwargs.setdefault("description", "Towns in Germany and Central Asia and their twinnings.")
    return render_map_svg(points, lines, **kwargs)


def parse(svg):
    return ET.fromstring(svg)


def test_each_place_is_one_linked_circle():
    root = parse(render())

    circles = [c for c in root.iter(f"{SVG}circle") if "map__point" in c.get("class")]
    assert len(circles) == len(POINTS)
    hrefs = {link.get("href") for link in root.iter(f"{SVG}a")}
    assert {point.url for point in POINTS} <= hrefs


def test_each_twinning_is_one_linked_arc_with_its_name():
    root = parse(render())

    arcs = [path for path in root.iter(f"{SVG}path") if path.get("class") == "map__arc"]
    assert len(arcs) == len(LINES)
    assert all(re.fullmatch(r"M\S+ \S+Q\S+ \S+ \S+ \S+", arc.get("d")) for arc in arcs)
    titles = {link.findtext(f"{SVG}title") for link in root.iter(f"{SVG}a")}
    assert "Berlin – Tashkent" in titles


def test_labels_and_texts_are_escaped():
    evil = place("evil", "<script>alert(1)</script>", 50.0, 10.0)

    svg = render(
        points=[evil, TASHKENT],
        lines=[twinning(evil, TASHKENT)],
        title="<b>Title</b>",
        description='"quoted" & <i>',
    )

    assert "<script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "&lt;b&gt;Title&lt;/b&gt;" in svg
    assert "&quot;quoted&quot; &amp; &lt;i&gt;" in svg
    parse(svg)  # still well-formed


def test_svg_has_title_and_desc_that_label_it():
    root = parse(render(id_prefix="twinning-map"))

    assert root.findtext(f"{SVG}title") == "Twinnings"
    assert root.findtext(f"{SVG}desc").startswith("Towns in Germany")
    assert root.get("aria-labelledby") == "twinning-map-title"
    assert root.get("aria-describedby") == "twinning-map-desc"
    assert root.find(f"{SVG}title").get("id") == "twinning-map-title"


def test_map_without_links_is_an_image_and_with_links_a_group():
    unlinked = MapPoint("x", "X", 10.0, 50.0, url="")

    assert parse(render(points=[unlinked], lines=[])).get("role") == "img"
    assert parse(render()).get("role") == "group"


def test_two_maps_on_one_page_have_distinct_ids():
    first, second = render(id_prefix="map-a"), render(id_prefix="map-b")

    ids = re.findall(r'id="([^"]+)"', first) + re.findall(r'id="([^"]+)"', second)
    assert len(ids) == len(set(ids)) == 4


def test_map_makes_no_third_party_requests():
    svg = render()

    urls = re.findall(r"https?://[^\s\"'<>]+", svg)
    assert set(urls) == {"http://www.w3.org/2000/svg"}
    assert "style=" not in svg


def test_links_must_stay_on_the_site():
    bad = MapPoint("x", "X", 10.0, 50.0, url="javascript:alert(1)")

    with pytest.raises(ValueError, match="site-relative"):
        render(points=[bad], lines=[])


def test_projection_keeps_places_in_their_order():
    berlin, almaty, dushanbe = (project(p.lon, p.lat) for p in (BERLIN, ALMATY, DUSHANBE))

    assert berlin[0] < almaty[0]  # Berlin west of Almaty
    assert almaty[1] < dushanbe[1]  # Almaty north of Dushanbe (SVG y grows southwards)


def test_focus_countries_are_highlighted():
    root = parse(render())

    focus = {
        path.get("data-iso")
        for path in root.iter(f"{SVG}path")
        if "map__land--focus" in path.get("class", "")
    }
    assert focus == set(FOCUS_COUNTRIES)
    assert len([p for p in root.iter(f"{SVG}path") if p.get("class") == "map__land"]) > 20


def test_country_zoom_is_narrower_than_the_full_map():
    full = parse(render()).get("viewBox").split()
    zoomed = parse(render(bbox="KZ", highlight=("KZ",))).get("viewBox").split()

    assert float(full[2]) == VIEW_WIDTH
    assert float(zoomed[2]) < float(full[2])
    x, y, width, height = view_box("KZ")
    kz_west, kz_north = project(46.6, 55.4)
    kz_east, kz_south = project(87.3, 40.6)
    assert x < kz_west
    assert kz_east < x + width
    assert y <= kz_north
    assert kz_south < y + height


def outline_coordinates(svg):
    for path in parse(svg).iter(f"{SVG}path"):
        if "map__land" in path.get("class", ""):
            numbers = [float(n) for n in re.findall(r"-?[\d.]+", path.get("d"))]
            yield from zip(numbers[::2], numbers[1::2], strict=True)


def test_zoomed_map_draws_no_outline_beyond_its_view_box():
    x, y, width, height = view_box("TJ")
    margin = CLIP_MARGIN * width / VIEW_WIDTH + 0.01  # + rounding of the coordinates

    coordinates = list(outline_coordinates(render(bbox="TJ", highlight=("TJ",))))

    assert coordinates
    assert all(x - margin <= px <= x + width + margin for px, _ in coordinates)
    assert all(y - margin <= py <= y + height + margin for _, py in coordinates)


def test_zoomed_map_still_covers_its_view_box_with_land():
    # Tajikistan's neighbours reach past every side of its view box: cut, not left out.
    svg = render(bbox="TJ", highlight=("TJ",))
    x, y, width, height = view_box("TJ")
    xs, ys = zip(*outline_coordinates(svg), strict=True)

    assert min(xs) < x
    assert max(xs) > x + width
    assert min(ys) < y
    assert max(ys) > y + height


def test_zoomed_map_keeps_circle_size_on_screen():
    full = parse(render(points=[TASHKENT], lines=[])).find(f".//{SVG}circle")
    zoomed = parse(render(points=[TASHKENT], lines=[], bbox="UZ")).find(f".//{SVG}circle")
    zoom = view_box("UZ")[2] / VIEW_WIDTH

    assert float(zoomed.get("r")) == pytest.approx(float(full.get("r")) * zoom, abs=0.01)


def test_radius_grows_with_the_square_root_of_the_weight_and_is_capped():
    assert point_radius(1) < point_radius(4) < point_radius(25)
    assert point_radius(4) - point_radius(1) == pytest.approx(point_radius(9) - point_radius(4))
    assert point_radius(500) == point_radius(10_000)


def test_output_does_not_depend_on_input_order():
    assert render(points=POINTS, lines=LINES) == render(points=POINTS[::-1], lines=LINES[::-1])


def test_larger_points_are_drawn_first_so_small_ones_stay_clickable():
    root = parse(render())

    titles = [link.findtext(f"{SVG}title") for link in root.find(f"{SVG}g[@class='map__points']")]
    assert titles[:2] == ["Tashkent", "Berlin"]


def test_outline_data_is_small_and_names_the_right_countries():
    names = {country.iso: country.name for country in load_outlines()}

    assert OUTLINES_PATH.stat().st_size < 150_000
    assert names["DE"] == "Germany"
    assert names["KZ"] == "Kazakhstan"
    assert names["KG"] == "Kyrgyzstan"
    assert names["TJ"] == "Tajikistan"
    assert names["TM"] == "Turkmenistan"
    assert names["UZ"] == "Uzbekistan"


def test_crimea_is_drawn_as_part_of_ukraine():
    simferopol = project(34.1, 44.95)

    def contains(country, point):
        x, y = point
        inside = False
        for ring in country.rings:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
                if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                    inside = not inside
        return inside

    owners = [country.iso for country in load_outlines() if contains(country, simferopol)]
    assert owners == ["UA"]
