"""Ribbon labels in the learner's language.

The ribbon names the achievement type or the tier; a Japanese or Arabic badge should not say
"Achievement" in English. Translations cover the common OB 3.0 ``achievementType`` values and
the three tiers in the languages LMS vendors ship most (en, es, fr, de, pt, ar, ja, zh, hi).
The language comes from ``lang=``, else the achievement's ``inLanguage``, else the script of
its name; a type without a translation falls back to the language's word for "Achievement".
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["LANGUAGES", "guess_language", "label_for", "normalise_language"]

#: Languages with translated labels.
LANGUAGES = ("en", "es", "fr", "de", "pt", "ar", "ja", "zh", "hi")

# One row per label: the translations in LANGUAGES order.
_ROWS: dict[str, tuple[str, ...]] = {
    "Achievement": (
        "Achievement",
        "Logro",
        "Réussite",
        "Leistung",
        "Conquista",
        "إنجاز",
        "達成",
        "成就",
        "उपलब्धि",
    ),
    "Assessment": (
        "Assessment",
        "Evaluación",
        "Évaluation",
        "Prüfung",
        "Avaliação",
        "تقييم",
        "評価",
        "评估",
        "मूल्यांकन",
    ),
    "Award": (
        "Award",
        "Premio",
        "Prix",
        "Auszeichnung",
        "Prêmio",
        "جائزة",
        "表彰",
        "奖项",
        "पुरस्कार",
    ),
    "Badge": ("Badge", "Insignia", "Badge", "Abzeichen", "Selo", "شارة", "バッジ", "徽章", "बैज"),
    "Certificate": (
        "Certificate",
        "Certificado",
        "Certificat",
        "Zertifikat",
        "Certificado",
        "شهادة",
        "修了証",
        "证书",
        "प्रमाणपत्र",
    ),
    "CertificateOfCompletion": (
        "Certificate of Completion",
        "Certificado de finalización",
        "Attestation de réussite",
        "Abschlusszertifikat",
        "Certificado de conclusão",
        "شهادة إتمام",
        "修了証明書",
        "结业证书",
        "पूर्णता प्रमाणपत्र",
    ),
    "Certification": (
        "Certification",
        "Certificación",
        "Certification",
        "Zertifizierung",
        "Certificação",
        "اعتماد",
        "認定",
        "认证",
        "प्रमाणन",
    ),
    "Competency": (
        "Competency",
        "Competencia",
        "Compétence",
        "Kompetenz",
        "Competência",
        "كفاءة",
        "コンピテンシー",
        "能力",
        "दक्षता",
    ),
    "Course": ("Course", "Curso", "Cours", "Kurs", "Curso", "دورة", "コース", "课程", "पाठ्यक्रम"),
    "Degree": (
        "Degree",
        "Título",
        "Diplôme",
        "Abschluss",
        "Diploma",
        "درجة علمية",
        "学位",
        "学位",
        "उपाधि",
    ),
    "Diploma": (
        "Diploma",
        "Diploma",
        "Diplôme",
        "Diplom",
        "Diploma",
        "دبلوم",
        "卒業証書",
        "文凭",
        "डिप्लोमा",
    ),
    "License": (
        "License",
        "Licencia",
        "Licence",
        "Lizenz",
        "Licença",
        "رخصة",
        "免許",
        "执照",
        "अनुज्ञप्ति",
    ),
    "LearningProgram": (
        "Learning Program",
        "Programa",
        "Parcours",
        "Lernprogramm",
        "Programa",
        "برنامج تعليمي",
        "学習プログラム",
        "学习项目",
        "शिक्षण कार्यक्रम",
    ),
    "Membership": (
        "Membership",
        "Membresía",
        "Adhésion",
        "Mitgliedschaft",
        "Associação",
        "عضوية",
        "会員",
        "会员",
        "सदस्यता",
    ),
    "MicroCredential": (
        "Micro-credential",
        "Microcredencial",
        "Micro-certification",
        "Microzertifikat",
        "Microcredencial",
        "شهادة مصغرة",
        "マイクロクレデンシャル",
        "微证书",
        "माइक्रो-क्रेडेंशियल",
    ),
    "awarded to": (
        "Awarded to",
        "Otorgado a",
        "Décerné à",
        "Verliehen an",
        "Concedido a",
        "مُنحت إلى",
        "授与先",
        "授予",
        "प्रदान किया गया",
    ),
    "scan to verify": (
        "Scan to verify",
        "Escanee para verificar",
        "Scannez pour vérifier",
        "Zum Prüfen scannen",
        "Escaneie para verificar",
        "امسح للتحقق",
        "スキャンして検証",
        "扫码验证",
        "सत्यापन हेतु स्कैन करें",
    ),
    "beginner": (
        "Beginner",
        "Principiante",
        "Débutant",
        "Einsteiger",
        "Iniciante",
        "مبتدئ",
        "初級",
        "初级",
        "प्रारंभिक",
    ),
    "intermediate": (
        "Intermediate",
        "Intermedio",
        "Intermédiaire",
        "Fortgeschritten",
        "Intermediário",
        "متوسط",
        "中級",
        "中级",
        "मध्यवर्ती",
    ),
    "expert": (
        "Expert",
        "Experto",
        "Expert",
        "Experte",
        "Especialista",
        "خبير",
        "上級",
        "专家",
        "विशेषज्ञ",
    ),
}


def normalise_language(lang: str | None) -> str | None:
    """``"pt-BR"`` → ``"pt"``; ``None`` or a language without labels → ``None``."""
    if not isinstance(lang, str):
        return None
    primary = re.split(r"[-_]", lang.strip().lower(), maxsplit=1)[0]
    return primary if primary in LANGUAGES else None


def guess_language(text: str) -> str | None:
    """A label language from the script of ``text`` (kana → ja, Han → zh, Arabic → ar, ...)."""
    han = False
    for char in text[:200]:
        name = unicodedata.name(char, "")
        if name.startswith(("HIRAGANA", "KATAKANA")):
            return "ja"
        if name.startswith("ARABIC"):
            return "ar"
        if name.startswith("DEVANAGARI"):
            return "hi"
        if name.startswith("CJK UNIFIED"):
            han = True
    return "zh" if han else None


def label_for(key: str, lang: str | None) -> str | None:
    """The translation of an achievement type or tier name, or ``None`` if there is none."""
    row = _ROWS.get(key) or _ROWS.get(key.lower())
    if row is None:
        return None
    return row[LANGUAGES.index(lang or "en")]
