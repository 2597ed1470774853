"""German words for bench/synth.py's boards (`--language de`): titles, domains and body sentences
of a German job board, with inflected forms, compounds, umlauts and ß as such boards have them."""

ROLES = ["Backend-Entwickler", "Frontend-Entwicklerin", "Softwareentwickler", "Dateningenieur",
         "Systemadministratorin", "Plattformingenieur", "Entwicklerin für mobile Apps", "Sicherheitsingenieur",
         "Testingenieurin", "Teamleiter Softwareentwicklung", "DevOps-Ingenieur", "Datenwissenschaftlerin",
         "Lösungsarchitekt", "Embedded-Entwickler", "IT-Projektleiterin"]
LEVELS = ["", "Junior", "Senior", "Lead"]
DOMAINS = ["Zahlungsverkehr", "Logistik", "Versicherungen", "Gesundheitswesen", "Energie", "Einzelhandel",
           "Reisen", "Spiele", "Bildung", "Klimaschutz", "Medien", "Sicherheit", "Mobilität", "Landwirtschaft",
           "Immobilien", "Bankwesen"]
HEADINGS = ["Deine Aufgaben", "Dein Profil", "Was wir bieten", "Über uns"]
SENTENCES = [
    "Unsere Plattform für {domain} bedient täglich Millionen Anfragen, und das Team dahinter wächst.",
    "Du entwirfst, baust und betreibst Dienste in {skill}, auf die sich unsere Kundinnen und Kunden verlassen.",
    "Uns sind lesbarer Code, kleine Pull-Requests und Reviews wichtig, die etwas beibringen statt zu blockieren.",
    "Das Team verantwortet seine Dienste vom ersten Entwurfsdokument bis zur Rufbereitschaft.",
    "Der größte Teil unserer Systeme läuft auf {skill} und {skill2} und wird mehrmals täglich ausgeliefert.",
    "Du arbeitest eng mit Produktmanagerinnen, Designern und den Fachleuten für {domain} zusammen.",
    "Die Migration des Systems {product} weg vom Monolithen gehen wir Schritt für Schritt an.",
    "Erfahrung mit {skill} ist ein Plus, aber Neugier und solide Grundlagen zählen für uns mehr.",
    "Unser Büro in {city} liegt wenige Gehminuten vom Bahnhof entfernt an einer ruhigen Straße.",
    "Wir veröffentlichen unsere Gehaltsbänder: Entwicklerinnen und Entwickler einer Stufe verdienen gleich viel.",
    "Du begleitest Kolleginnen und Kollegen, schreibst Entwurfsnotizen und prägst unsere Arbeitsweise mit.",
    "Beobachtbarkeit ist uns wichtig: Wir messen Latenzen, Fehler und Auslastung, bevor wir raten.",
    "Das Team {product} pflegt interne Werkzeuge, die Hunderte Beschäftigte im Bereich {domain} nutzen.",
    "Wir bieten ein Weiterbildungsbudget, Zeit für Konferenzen und jedes Quartal eine ruhige Woche.",
    "Gute schriftliche Kommunikation ist wichtig, weil die Hälfte des Teams über Zeitzonen hinweg arbeitet.",
    "Nach Störungen halten wir Rückblicke ohne Schuldzuweisung und setzen die Ergebnisse konsequent um.",
]
