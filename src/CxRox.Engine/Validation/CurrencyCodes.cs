using System.Collections.Frozen;

namespace CxRox.Engine.Validation;

/// <summary>
/// ISO 4217 alphabetic currency codes: those in use, the funds and precious-metal codes of the
/// standard, and two withdrawn recently enough to appear in older data (HRK, SLL). A unit of three
/// capital letters is read as a currency; one outside this list is most likely a slip (SC105).
/// </summary>
public static class CurrencyCodes
{
    public static FrozenSet<string> Iso4217 { get; } = """
        AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD
        CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP
        GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF
        KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN
        NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP
        SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS
        VED VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW
        ZWG ZWL
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Codes people write that are not ISO 4217, with the code they stand for.</summary>
    public static FrozenDictionary<string, string> CommonMistakes { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["RMB"] = "CNY",
        ["NTD"] = "TWD",
        ["UKP"] = "GBP",
        ["STG"] = "GBP",
        ["YEN"] = "JPY",
        ["EUD"] = "EUR",
        ["SFR"] = "CHF",
        ["RUR"] = "RUB",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="unit"/> is written as a currency code is: three capital letters.</summary>
    public static bool LooksLikeCurrency(string unit) => unit.Length == 3 && unit.All(char.IsAsciiLetterUpper);
}
