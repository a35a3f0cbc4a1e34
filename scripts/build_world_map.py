"""Turn Natural Earth's 1:110m countries (world-atlas TopoJSON) into SVG paths keyed by ISO alpha-2.

Run once, by hand, when the map should change; the output is committed as portal/site/data/world-110m.json:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/build_world_map.py package/countries-110m.json > portal/site/data/world-110m.json

The projection is Equal Earth (equal-area, so a country's colour covers the area it has); Antarctica is
left out. Territories Natural Earth draws apart but ISO 3166 does not (Northern Cyprus, Somaliland) are
merged into the country's path; Kosovo has no ISO code and is left out.
"""

import json
import math
import sys

import pycountry

WIDTH = 1000
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
MERGED = {"N. Cyprus": "CY", "Somaliland": "SO"}
LEFT_OUT = {"010"}  # Antarctica


def equal_earth(longitude: float, latitude: float) -> tuple[float, float]:
    lam, phi = math.radians(longitude), math.radians(latitude)
    theta = math.asin(math.sqrt(3) / 2 * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = 2 * math.sqrt(3) * lam * math.cos(theta) / (3 * (9 * A4 * t6 * t2 + 7 * A3 * t6 + 3 * A2 * t2 + A1))
    y = theta * (A4 * t6 * t2 + A3 * t6 + A2 * t2 + A1)
    return x, y


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    scale_x, scale_y = topology["transform"]["scale"]
    move_x, move_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Longitudes made continuous (a ring crossing the antimeridian then runs past ±180 instead of jumping)."""
    result = [points[0]]
    for longitude, latitude in points[1:]:
        previous = result[-1][0]
        while longitude - previous > 180:
            longitude -= 360
        while longitude - previous < -180:
            longitude += 360
        result.append((longitude, latitude))
    return result


def clip(points, keep, cross):
    """Sutherland-Hodgman against one half-plane: `keep(p)` says inside, `cross(a, b)` where an edge leaves it."""
    result = []
    for index, current in enumerate(points):
        previous = points[index - 1]
        if keep(current):
            if not keep(previous):
                result.append(cross(previous, current))
            result.append(current)
        elif keep(previous):
            result.append(cross(previous, current))
    return result


def at_longitude(limit):
    def cross(a, b):
        share = (limit - a[0]) / (b[0] - a[0])
        return (limit, a[1] + share * (b[1] - a[1]))

    return cross


def split_at_antimeridian(points):
    """The ring's pieces inside [-180, 180], each shifted back onto the map."""
    points = unwrap(points)
    low, high = min(p[0] for p in points), max(p[0] for p in points)
    if low >= -180 and high <= 180:
        return [points]
    pieces = []
    for shift in (-360, 0, 360):
        moved = [(longitude + shift, latitude) for longitude, latitude in points]
        moved = clip(moved, lambda p: p[0] <= 180, at_longitude(180))
        moved = clip(moved, lambda p: p[0] >= -180, at_longitude(-180))
        if len(moved) > 2:
            pieces.append(moved)
    return pieces


def main(path: str) -> None:
    with open(path, encoding="utf-8") as source:
        topology = json.load(source)
    arcs = decode_arcs(topology)
    # Equal Earth spans x in ±2.7066 and y in ±1.3173 (radians); scale the whole world to WIDTH.
    max_x, _ = equal_earth(180, 0)
    _, max_y = equal_earth(0, 90)
    scale = WIDTH / (2 * max_x)
    top = max_y * scale
    shapes: dict[str, list[str]] = {}
    lowest = 0.0
    for geometry in topology["objects"]["countries"]["geometries"]:
        number = geometry.get("id")
        name = geometry["properties"]["name"]
        if number in LEFT_OUT:
            continue
        code = MERGED.get(name)
        if code is None and number:
            country = pycountry.countries.get(numeric=number)
            code = country.alpha_2 if country else None
        if code is None:
            print("left out: %s" % name, file=sys.stderr)
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for piece in (piece for ring in polygon for piece in split_at_antimeridian(ring_points(ring, arcs))):
                previous = None
                commands = []
                for longitude, latitude in piece:
                    x, y = equal_earth(longitude, latitude)
                    point = (round(x * scale + WIDTH / 2), round(top - y * scale))
                    lowest = max(lowest, point[1])
                    if point == previous:
                        continue
                    if previous is None:
                        commands.append("M%d %d" % point)
                    else:
                        commands.append("l%d %d" % (point[0] - previous[0], point[1] - previous[1]))
                    previous = point
                if len(commands) > 2:
                    shapes.setdefault(code, []).append("".join(commands) + "z")
    output = {
        "source": "Natural Earth 1:110m admin-0 countries (public domain), via world-atlas 2.0.2 (ISC)",
        "projection": "Equal Earth",
        "width": WIDTH,
        "height": math.ceil(lowest) + 2,
        "paths": {code: "".join(parts) for code, parts in sorted(shapes.items())},
    }
    json.dump(output, sys.stdout, separators=(",", ":"), ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
