//! The finding codes of spec section 8: their number, meaning and severity, and how the
//! severity changes in a 10620 (voorlopige) bericht. Pure data.

use crate::layout::Field;

/// Severity of a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Fatal,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Fatal => "fatal",
        }
    }
}

/// What a code does in a 10620 bericht (the last column of section 8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum In10620 {
    /// The code keeps its severity.
    Same,
    /// "per field": fatal, unless the field's `sev. 10620` column says warning.
    PerField,
}

macro_rules! codes {
    ($($name:ident = $num:literal, $sev:ident, $in10620:ident, $meaning:literal;)*) => {
        /// A finding code of section 8.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[repr(u32)]
        pub enum Code {
            $(
                #[doc = $meaning]
                $name = $num,
            )*
        }

        impl Code {
            /// Every code, in numeric order.
            pub const ALL: &'static [Code] = &[$(Code::$name),*];

            /// The code's meaning as the seeds word it.
            pub fn meaning(self) -> &'static str {
                match self { $(Code::$name => $meaning,)* }
            }

            fn base(self) -> (Severity, In10620) {
                match self { $(Code::$name => (Severity::$sev, In10620::$in10620),)* }
            }
        }
    };
}

codes! {
    RecordtypeBestaatNiet = 3110001, Fatal, Same, "recordtype bestaat niet";
    RecordBuitenBericht = 3110003, Fatal, Same, "datarecord heeft geen begin bericht record";
    NietOpeenvolgend = 3110011, Fatal, Same, "niet opeenvolgende nummering binnen het bericht";
    FoutiefVersienummer = 3110019, Fatal, Same, "foutief versienummer";
    MeerdereUitVolgorde = 3110020, Fatal, Same, "meerdere records uit volgorde";
    SyntaxfoutVolgnummer = 3210001, Fatal, Same, "syntaxfout recordvolgnummer";
    RecordlengteFout = 3900001, Fatal, Same, "record is niet 210 bytes lang";
    BerichtZonderEinde = 3900002, Fatal, Same, "bericht zonder berichteinde";
    ZendingZonderHeader = 3900003, Fatal, Same, "zending zonder zending-header";
    IdentificatieZonderStudent = 3900005, Fatal, Same, "identificatiegegevens niet gevolgd door studenteninformatie";
    StudentZonderInschrijving = 3900006, Warning, Same, "student zonder inschrijving";
    ReferentienummerNietUniek = 3900010, Fatal, Same, "referentienummer niet uniek";
    AantalBerichten = 3900011, Fatal, Same, "aantal berichten klopt niet";
    Controletotaal = 3900012, Fatal, Same, "controletotaal berichteinde klopt niet";
    VerplichtVeld = 4020006, Fatal, PerField, "verplicht veld niet ingevuld";
    AgNietIngericht = 4410112, Fatal, PerField, "geen door de instelling ingerichte administratieve groep";
    VestigingOnbekend = 4410113, Fatal, PerField, "geen toegekend vestigingsnummer";
    NietUniek = 4410114, Fatal, PerField, "niet uniek";
    OngeldigeCode = 4410130, Fatal, PerField, "ongeldige code";
    WaardeTeKlein = 4410132, Warning, Same, "waarde te klein of 0";
    NietGelijkAanHeader = 4410152, Fatal, PerField, "stemt niet overeen met bericht-header";
    OngeldigInstellingsnummer = 4420232, Fatal, PerField, "geen geldig instellingsnummer";
    OngeldigInstellingsnummerWaarschuwing = 4420240, Warning, Same, "geen geldig instellingsnummer (waarschuwend)";
    DubbeleInschrijvingAg = 4420271, Warning, Same, "dubbele inschrijving in eenzelfde administratieve groep";
    OngeldigeCodeWaarschuwing = 4430330, Warning, Same, "ongeldige code (waarschuwend)";
    StamnummerVerschillend = 4430383, Fatal, PerField, "stamnummer verschillend van studentenrecord";
    InschrijvingNaTelling = 4430384, Warning, Same, "datum inschrijving na tellingsdatum";
    NietNumeriek = 4900001, Fatal, Same, "veld niet numeriek";
    OngeldigeDatum = 4900002, Fatal, Same, "ongeldige datum";
    OngeldigTeken = 4900003, Fatal, Same, "ongeldig teken";
    OpvullingNietBlanco = 4900004, Warning, Same, "opvulling niet blanco";
    DubbeleInschrijving = 4910001, Fatal, Same, "dubbele inschrijving (identieke sleutel), niet verwerkt";
    StudiepuntenSom = 4910002, Fatal, PerField, "aantal studiepunten verschilt van nieuwe + oude studiepunten";
    IdControlegetal = 4910010, Fatal, PerField, "identificatienummer: controlegetal fout";
    IdGeboortedatum = 4910011, Fatal, PerField, "identificatienummer stemt niet overeen met geboortedatum";
    IdGeslacht = 4910012, Fatal, PerField, "identificatienummer stemt niet overeen met geslacht";
    IdNietUniek = 4910020, Fatal, Same, "identificatienummer bij meer dan een student in het bericht";
    EersteInschrijvingElders = 4930001, Warning, Same, "eerste inschrijving (aard 1) bij meer dan een instelling";
}

impl Code {
    /// The code as the integer of the findings format.
    pub fn number(self) -> u32 {
        self as u32
    }

    /// Severity of this code on `field` (None for a whole-line finding), in a 10620 bericht
    /// when `voorlopig` is set.
    #[inline]
    pub fn severity_in(self, field: Option<&Field>, voorlopig: bool) -> Severity {
        match (self.base(), field) {
            ((Severity::Fatal, In10620::PerField), Some(f)) if voorlopig && f.warning_10620 => {
                Severity::Warning
            }
            ((sev, _), _) => sev,
        }
    }

    /// Codes that begin with `3` reject their whole bericht when fatal (section 9).
    pub fn is_structural(self) -> bool {
        self.number() / 1_000_000 == 3
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{field, FieldId, RecordType};

    #[test]
    fn codes_are_sorted_and_unique() {
        assert!(Code::ALL.windows(2).all(|w| w[0].number() < w[1].number()));
        assert_eq!(Code::ALL.len(), 38);
    }

    #[test]
    fn type_findings_stay_fatal_in_10620_on_warning_fields() {
        let f = field(FieldId::new(RecordType::Student, 17));
        assert!(f.warning_10620);
        assert_eq!(
            Code::NietNumeriek.severity_in(Some(f), true),
            Severity::Fatal
        );
        assert_eq!(
            Code::OngeldigeCode.severity_in(Some(f), true),
            Severity::Warning
        );
        assert_eq!(
            Code::OngeldigeCode.severity_in(Some(f), false),
            Severity::Fatal
        );
        assert_eq!(
            Code::IdNietUniek.severity_in(Some(f), true),
            Severity::Fatal
        );
    }
}
