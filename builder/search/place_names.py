"""Other names of major cities, so a search for one finds postings that use another: each row
lists one city's names (native, English, other common spellings), and a posting's city is
indexed under every name of its row (builder/search/index.py). Matching ignores case and accents.
A Python module rather than a data file, so the build cache, keyed by the package's source,
notices an edit. Add a row to cover another city."""

from __future__ import annotations

from functools import lru_cache

from .tokens import fold

PLACE_NAMES: tuple[tuple[str, ...], ...] = (
    ("München", "Munich", "Muenchen"),
    ("Köln", "Cologne", "Koeln"),
    ("Nürnberg", "Nuremberg", "Nuernberg"),
    ("Düsseldorf", "Duesseldorf"),
    ("Hannover", "Hanover"),
    ("Wien", "Vienna"),
    ("Zürich", "Zurich", "Zuerich"),
    ("Genève", "Geneva", "Genf"),
    ("Bern", "Berne"),
    ("Basel", "Basle", "Bâle"),
    ("Luzern", "Lucerne"),
    ("Praha", "Prague", "Prag"),
    ("Warszawa", "Warsaw", "Warschau"),
    ("Kraków", "Krakow", "Cracow"),
    ("Wrocław", "Wroclaw", "Breslau"),
    ("Gdańsk", "Gdansk", "Danzig"),
    ("Łódź", "Lodz"),
    ("Poznań", "Poznan", "Posen"),
    ("København", "Copenhagen", "Kopenhagen"),
    ("Aarhus", "Århus"),
    ("Göteborg", "Gothenburg"),
    ("Malmö", "Malmo"),
    ("Helsinki", "Helsingfors"),
    ("Lisboa", "Lisbon", "Lissabon"),
    ("Porto", "Oporto"),
    ("Sevilla", "Seville"),
    ("Zaragoza", "Saragossa"),
    ("Roma", "Rome", "Rom"),
    ("Milano", "Milan", "Mailand"),
    ("Napoli", "Naples", "Neapel"),
    ("Torino", "Turin"),
    ("Firenze", "Florence", "Florenz"),
    ("Venezia", "Venice", "Venedig"),
    ("Genova", "Genoa"),
    ("Bruxelles", "Brussels", "Brussel", "Brüssel"),
    ("Antwerpen", "Antwerp", "Anvers"),
    ("Gent", "Ghent", "Gand"),
    ("Den Haag", "The Hague", "'s-Gravenhage"),
    ("Athína", "Athens", "Athen", "Αθήνα"),
    ("Bucureşti", "Bucharest", "București", "Bukarest"),
    ("Beograd", "Belgrade", "Belgrad"),
    ("Kyiv", "Kiev", "Київ"),
    ("Moskva", "Moscow", "Moskau", "Москва"),
    ("Sankt-Peterburg", "Saint Petersburg", "St. Petersburg", "Санкт-Петербург"),
    ("İstanbul", "Istanbul"),
    ("Montréal", "Montreal"),
    ("Québec", "Quebec City", "Quebec"),
    ("Ciudad de México", "Mexico City", "CDMX"),
    ("São Paulo", "Sao Paulo"),
    ("Bogotá", "Bogota"),
    ("Córdoba", "Cordoba"),
    ("Al-Qāhira", "Cairo", "القاهرة"),
    ("Tōkyō", "Tokyo", "東京"),
    ("Ōsaka", "Osaka", "大阪"),
    ("Kyōto", "Kyoto", "京都"),
    ("Beijing", "Peking", "北京"),
    ("Shanghai", "上海"),
    ("Seoul", "서울"),
    ("Ho Chi Minh City", "Saigon", "Thành phố Hồ Chí Minh"),
    ("Hà Nội", "Hanoi"),
    ("Bengaluru", "Bangalore"),
    ("Mumbai", "Bombay"),
    ("Chennai", "Madras"),
    ("Kolkata", "Calcutta"),
    ("New York", "New York City", "NYC"),
)


@lru_cache(maxsize=None)
def _rows() -> dict[str, tuple[str, ...]]:
    return {fold(name): row for row in PLACE_NAMES for name in row}


def other_names(city: str) -> tuple[str, ...]:
    """The other names of `city` ("München" -> "Munich", "Muenchen"); none for a city not in the table."""
    row = _rows().get(fold(city), ())
    return tuple(name for name in row if fold(name) != fold(city))
