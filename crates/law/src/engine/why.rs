//! Reason ids: every reason the engine can give. Their texts (kk/ru/en) live in
//! `config/law/reasons.toml`; loading the catalog fails if one is missing.

macro_rules! whys {
    ($($variant:ident = $id:literal,)*) => {
        /// Why an option has its status, or what the law requires next.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Why {
            $($variant,)*
        }

        impl Why {
            pub const ALL: &'static [Why] = &[$(Why::$variant,)*];

            pub fn id(self) -> &'static str {
                match self {
                    $(Why::$variant => $id,)*
                }
            }

            pub fn from_id(id: &str) -> Option<Why> {
                Why::ALL.iter().copied().find(|w| w.id() == id)
            }
        }
    };
}

whys! {
    NotInSession = "not_in_session",
    OneMeasurePerAct = "one_measure_per_act",
    OneMeasurePerActCriminal = "one_measure_per_act_criminal",
    OneLiabilityPerAct = "one_liability_per_act",
    AppcEscalationAllowed = "appc_escalation_allowed",
    AppcMeasureWorked = "appc_measure_worked",
    AppcNoResultUnknown = "appc_no_result_unknown",
    AppcPenaltyComplied = "appc_penalty_complied",
    AppcPenaltyNotCompliedUnknown = "appc_penalty_not_complied_unknown",
    AppcIncreasedPenalty = "appc_increased_penalty",
    AppcEarlierAmountUnknown = "appc_earlier_amount_unknown",
    AppcIncreaseAboveRange = "appc_increase_above_range",
    CriminalSignsJudge = "criminal_signs_judge",
    CriminalSignsInsultJudge = "criminal_signs_insult_judge",
    CriminalSignsInsultJuror = "criminal_signs_insult_juror",
    CriminalSignsInsultParticipant = "criminal_signs_insult_participant",
    NoCriminalSigns = "no_criminal_signs",
    WarningAlreadyGiven = "warning_already_given",
    CriminalWarningOptional = "criminal_warning_optional",
    JuryWarnFirst = "jury_warn_first",
    RemovalNeedsRepeat = "removal_needs_repeat",
    RemovalNeedsReprimand = "removal_needs_reprimand",
    RemovalBarredRole = "removal_barred_role",
    RemovalStaysAvailable = "removal_stays_available",
    RepresentativeCivil = "representative_civil",
    RepresentativeAppc = "representative_appc",
    BriefOnReturn = "brief_on_return",
    AskRemovedDefendant = "ask_removed_defendant",
    PenaltyBarredDefendantCounsel = "penalty_barred_defendant_counsel",
    PenaltyBarredProsecutor = "penalty_barred_prosecutor",
    PenaltyRepresentativeAdvocate = "penalty_representative_advocate",
    PenaltyBarredAdvocate = "penalty_barred_advocate",
    DefenderNotAdvocate = "defender_not_advocate",
    LegalEntityNotInCourtroom = "legal_entity_not_in_courtroom",
    PaymentDeferral = "payment_deferral",
    MciDayOpen = "mci_day_open",
    MciDayCoao = "mci_day_coao",
    AppcBreachOfOrderNotListed = "appc_breach_of_order_not_listed",
    AppcCriminalSigns = "appc_criminal_signs",
    AppcNonAppearanceOthers = "appc_non_appearance_others",
    AppcOutsideSession = "appc_outside_session",
    AppcPriorNotice = "appc_prior_notice",
    AppcPayableAfterForce = "appc_payable_after_force",
    AppcReliefApplication = "appc_relief_application",
    ClosedSessionOnlyMass = "closed_session_only_mass",
    ClosedSessionOrAdjourn = "closed_session_or_adjourn",
    Coao653NotInAppc = "coao653_not_in_appc",
    Coao653NotInSession = "coao653_not_in_session",
    Coao653CriminalDefendant = "coao653_criminal_defendant",
    Coao653Public = "coao653_public",
    SanctionWordingMissing = "sanction_wording_missing",
    LegalEntityPresent = "legal_entity_present",
    NotForLegalEntity = "not_for_legal_entity",
    AggravatingUnknown = "aggravating_unknown",
    WarningMandatory = "warning_mandatory",
    WarningMandatoryNote = "warning_mandatory_note",
    NoWarningInPart2 = "no_warning_in_part_2",
    ConsentUnknown = "consent_unknown",
    NoConsent = "no_consent",
    BarApplies = "bar_applies",
    BarUnknown = "bar_unknown",
    BarAgeBoundary = "bar_age_boundary",
    BarEitherWay = "bar_either_way",
    ArrestExceptional = "arrest_exceptional",
    ArrestAppealSameDay = "arrest_appeal_same_day",
    Coao653Announce = "coao653_announce",
    Coao653Explanations = "coao653_explanations",
    Coao653RulingAfterSession = "coao653_ruling_after_session",
    Coao653RulingContents = "coao653_ruling_contents",
    Coao653ProtocolExcerpt = "coao653_protocol_excerpt",
    FinePayment = "fine_payment",
    ServeReferral = "serve_referral",
    InSessionCourtActs = "in_session_court_acts",
    Coao653NoteExcludes = "coao653_note_excludes",
    AppcOutsideContempt = "appc_outside_contempt",
    EvasionWithGoodReason = "evasion_with_good_reason",
    EvasionGoodReasonUnknown = "evasion_good_reason_unknown",
    EvasionCaseCanProceed = "evasion_case_can_proceed",
    EvasionProceedUnknown = "evasion_proceed_unknown",
    OralOrderBailiff = "oral_order_bailiff",
    WordingNotInCatalog = "wording_not_in_catalog",
    NotYetInLaw = "not_yet_in_law",
    EntryIntoForceUncertain = "entry_into_force_uncertain",
    MciYearMissing = "mci_year_missing",
    ProtocolRequired = "protocol_required",
    ProtocolNotKept = "protocol_not_kept",
    ProtocolShort = "protocol_short",
    ProtocolAppealUnknown = "protocol_appeal_unknown",
    ProtocolCriminalCassation = "protocol_criminal_cassation",
    ProtocolSetByJudge = "protocol_set_by_judge",
    OnlineSameRules = "online_same_rules",
    RepeatPart2 = "repeat_part_2",
}
