"""Fill the new language columns: German from the existing text, English and Russian names of
the seeded countries and fields of cooperation."""

from django.db import migrations
from django.db.models import F

COUNTRIES = {
    # code: (English, Russian)
    "DE": ("Germany", "Германия"),
    "KZ": ("Kazakhstan", "Казахстан"),
    "KG": ("Kyrgyzstan", "Кыргызстан"),  # the official Russian name, not "Киргизия"
    "TJ": ("Tajikistan", "Таджикистан"),
    "TM": ("Turkmenistan", "Туркменистан"),
    "UZ": ("Uzbekistan", "Узбекистан"),
    "AT": ("Austria", "Австрия"),
    "CH": ("Switzerland", "Швейцария"),
    "RU": ("Russia", "Россия"),
    "UA": ("Ukraine", "Украина"),
    "BY": ("Belarus", "Беларусь"),
    "MD": ("Moldova", "Молдова"),
    "AF": ("Afghanistan", "Афганистан"),
    "MN": ("Mongolia", "Монголия"),
}

FIELDS = {
    # slug: ((English name, English description), (Russian name, Russian description))
    "democratisation": (
        ("Democracy and rule of law",
         "Democratisation, rule of law, parliaments, local self-government."),
        ("Демократия и верховенство права",
         "Демократизация, верховенство права, парламенты, местное самоуправление."),
    ),
    "social-justice": (
        ("Social justice",
         "Social security, trade unions, participation and protection of the disadvantaged."),
        ("Социальная справедливость",
         "Социальная защита, профсоюзы, участие и защита уязвимых групп."),
    ),
    "environment": (
        ("Environment and climate",
         "Nature conservation, protected areas, climate, water and sustainable land use."),
        ("Окружающая среда и климат",
         "Охрана природы, особо охраняемые территории, климат, вода и устойчивое "
         "землепользование."),
    ),
    "education": (
        ("Education",
         "Schools, universities, adult education, scholarships and further training."),
        ("Образование",
         "Школы, вузы, образование взрослых, стипендии и повышение квалификации."),
    ),
    "culture": (
        ("Culture", "Art, film, music, crafts, history and remembrance."),
        ("Культура", "Искусство, кино, музыка, ремёсла, история и память."),
    ),
    "youth-exchange": (
        ("Youth and professional exchange", "Encounters, exchange programmes and youth work."),
        ("Молодёжный и профессиональный обмен",
         "Встречи, программы обмена и работа с молодёжью."),
    ),
    "science": (
        ("Science and research", "Research cooperation and university partnerships."),
        ("Наука и исследования", "Научное сотрудничество и партнёрства вузов."),
    ),
    "health": (
        ("Health and social affairs",
         "Medical cooperation, social and humanitarian aid."),
        ("Здравоохранение и социальная сфера",
         "Сотрудничество в медицине, социальная и гуманитарная помощь."),
    ),
    "media": (
        ("Media and press freedom", "Journalism, media law and free reporting."),
        ("СМИ и свобода прессы", "Журналистика, медиаправо и свободная журналистика."),
    ),
    "human-rights": (
        ("Human and women's rights",
         "Equality, protection against violence, human rights work."),
        ("Права человека и права женщин",
         "Равноправие, защита от насилия, правозащитная работа."),
    ),
    "economy": (
        ("Economy and development",
         "Business contacts, energy, development cooperation."),
        ("Экономика и развитие",
         "Деловые контакты, энергетика, сотрудничество в целях развития."),
    ),
    "german-language": (
        ("German language and minority",
         "German teaching, PASCH schools and the German minority in Central Asia."),
        ("Немецкий язык и немецкое меньшинство",
         "Преподавание немецкого языка, школы PASCH и немецкое меньшинство в Центральной "
         "Азии."),
    ),
    "municipal-partnership": (
        ("Municipal partnerships",
         "Town and regional twinnings and municipal exchange."),
        ("Муниципальное партнёрство",
         "Партнёрства городов и регионов, муниципальный обмен."),
    ),
}


def copy_german(apps, schema_editor):
    """What was stored so far is German."""
    for model, fields in [
        ("Country", ["name"]),
        ("CooperationField", ["name", "description"]),
        ("Place", ["name"]),
        ("Organisation", ["description"]),
        ("Twinning", ["description"]),
    ]:
        apps.get_model("directory", model).objects.update(
            **{f"{field}_de": F(field) for field in fields}
        )


def seed_translations(apps, schema_editor):
    Country = apps.get_model("directory", "Country")
    CooperationField = apps.get_model("directory", "CooperationField")
    for code, (english, russian) in COUNTRIES.items():
        Country.objects.filter(code=code).update(name_en=english, name_ru=russian)
    for slug, ((name_en, description_en), (name_ru, description_ru)) in FIELDS.items():
        CooperationField.objects.filter(slug=slug).update(
            name_en=name_en,
            description_en=description_en,
            name_ru=name_ru,
            description_ru=description_ru,
        )


def forwards(apps, schema_editor):
    copy_german(apps, schema_editor)
    seed_translations(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("directory", "0010_i18n_translated_fields")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
