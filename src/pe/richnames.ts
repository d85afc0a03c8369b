/**
 * Names of the Rich header's product ids (the `@comp.id` high word), 0x0000 to 0x010e, without
 * their `prodid` prefix: Microsoft's product-id enumeration (`prodidUtc1900_CPP`, ...) as the public
 * Rich header research publishes it (ntcore's "Microsoft's Rich Signature (undocumented)", extended
 * since to Visual Studio 2015's 14.x ids; open-source PE tools carry the same list). Ids past 0x010e (none is documented: VS 2015 to 2022 all use the 14.x ids, told
 * apart by the build number) keep their number. `Utc` is the C/C++ compiler (`Utc1900_CPP`: C++,
 * compiler 19.00, VS 2015 and later), `Linker1400` link.exe 14.x, `Masm`, `Cvtres`, `Export`,
 * `Implib`, `AliasObj` the other tools.
 */
export const RICH_PRODUCTS: readonly string[] = [
  'Unknown', 'Import0', 'Linker510', 'Cvtomf510', 'Linker600', 'Cvtomf600', 'Cvtres500', 'Utc11_Basic', 'Utc11_C',
  'Utc12_Basic', 'Utc12_C', 'Utc12_CPP', 'AliasObj60', 'VisualBasic60', 'Masm613', 'Masm710', 'Linker511',
  'Cvtomf511', 'Masm614', 'Linker512', 'Cvtomf512', 'Utc12_C_Std', 'Utc12_CPP_Std', 'Utc12_C_Book', 'Utc12_CPP_Book',
  'Implib700', 'Cvtomf700', 'Utc13_Basic', 'Utc13_C', 'Utc13_CPP', 'Linker610', 'Cvtomf610', 'Linker601',
  'Cvtomf601', 'Utc12_1_Basic', 'Utc12_1_C', 'Utc12_1_CPP', 'Linker620', 'Cvtomf620', 'AliasObj70', 'Linker621',
  'Cvtomf621', 'Masm615', 'Utc13_LTCG_C', 'Utc13_LTCG_CPP', 'Masm620', 'ILAsm100', 'Utc12_2_Basic', 'Utc12_2_C',
  'Utc12_2_CPP', 'Utc12_2_C_Std', 'Utc12_2_CPP_Std', 'Utc12_2_C_Book', 'Utc12_2_CPP_Book', 'Implib622', 'Cvtomf622',
  'Cvtres501', 'Utc13_C_Std', 'Utc13_CPP_Std', 'Cvtpgd1300', 'Linker622', 'Linker700', 'Export622', 'Export700',
  'Masm700', 'Utc13_POGO_I_C', 'Utc13_POGO_I_CPP', 'Utc13_POGO_O_C', 'Utc13_POGO_O_CPP', 'Cvtres700', 'Cvtres710p',
  'Linker710p', 'Cvtomf710p', 'Export710p', 'Implib710p', 'Masm710p', 'Utc1310p_C', 'Utc1310p_CPP', 'Utc1310p_C_Std',
  'Utc1310p_CPP_Std', 'Utc1310p_LTCG_C', 'Utc1310p_LTCG_CPP', 'Utc1310p_POGO_I_C', 'Utc1310p_POGO_I_CPP',
  'Utc1310p_POGO_O_C', 'Utc1310p_POGO_O_CPP', 'Linker624', 'Cvtomf624', 'Export624', 'Implib624', 'Linker710',
  'Cvtomf710', 'Export710', 'Implib710', 'Cvtres710', 'Utc1310_C', 'Utc1310_CPP', 'Utc1310_C_Std', 'Utc1310_CPP_Std',
  'Utc1310_LTCG_C', 'Utc1310_LTCG_CPP', 'Utc1310_POGO_I_C', 'Utc1310_POGO_I_CPP', 'Utc1310_POGO_O_C',
  'Utc1310_POGO_O_CPP', 'AliasObj710', 'AliasObj710p', 'Cvtpgd1310', 'Cvtpgd1310p', 'Utc1400_C', 'Utc1400_CPP',
  'Utc1400_C_Std', 'Utc1400_CPP_Std', 'Utc1400_LTCG_C', 'Utc1400_LTCG_CPP', 'Utc1400_POGO_I_C', 'Utc1400_POGO_I_CPP',
  'Utc1400_POGO_O_C', 'Utc1400_POGO_O_CPP', 'Cvtpgd1400', 'Linker800', 'Cvtomf800', 'Export800', 'Implib800',
  'Cvtres800', 'Masm800', 'AliasObj800', 'PhoenixPrerelease', 'Utc1400_CVTCIL_C', 'Utc1400_CVTCIL_CPP',
  'Utc1400_LTCG_MSIL', 'Utc1500_C', 'Utc1500_CPP', 'Utc1500_C_Std', 'Utc1500_CPP_Std', 'Utc1500_CVTCIL_C',
  'Utc1500_CVTCIL_CPP', 'Utc1500_LTCG_C', 'Utc1500_LTCG_CPP', 'Utc1500_LTCG_MSIL', 'Utc1500_POGO_I_C',
  'Utc1500_POGO_I_CPP', 'Utc1500_POGO_O_C', 'Utc1500_POGO_O_CPP', 'Cvtpgd1500', 'Linker900', 'Export900',
  'Implib900', 'Cvtres900', 'Masm900', 'AliasObj900', 'Resource', 'AliasObj1000', 'Cvtpgd1600', 'Cvtres1000',
  'Export1000', 'Implib1000', 'Linker1000', 'Masm1000', 'Phx1600_C', 'Phx1600_CPP', 'Phx1600_CVTCIL_C',
  'Phx1600_CVTCIL_CPP', 'Phx1600_LTCG_C', 'Phx1600_LTCG_CPP', 'Phx1600_LTCG_MSIL', 'Phx1600_POGO_I_C',
  'Phx1600_POGO_I_CPP', 'Phx1600_POGO_O_C', 'Phx1600_POGO_O_CPP', 'Utc1600_C', 'Utc1600_CPP', 'Utc1600_CVTCIL_C',
  'Utc1600_CVTCIL_CPP', 'Utc1600_LTCG_C', 'Utc1600_LTCG_CPP', 'Utc1600_LTCG_MSIL', 'Utc1600_POGO_I_C',
  'Utc1600_POGO_I_CPP', 'Utc1600_POGO_O_C', 'Utc1600_POGO_O_CPP', 'AliasObj1010', 'Cvtpgd1610', 'Cvtres1010',
  'Export1010', 'Implib1010', 'Linker1010', 'Masm1010', 'Utc1610_C', 'Utc1610_CPP', 'Utc1610_CVTCIL_C',
  'Utc1610_CVTCIL_CPP', 'Utc1610_LTCG_C', 'Utc1610_LTCG_CPP', 'Utc1610_LTCG_MSIL', 'Utc1610_POGO_I_C',
  'Utc1610_POGO_I_CPP', 'Utc1610_POGO_O_C', 'Utc1610_POGO_O_CPP', 'AliasObj1100', 'Cvtpgd1700', 'Cvtres1100',
  'Export1100', 'Implib1100', 'Linker1100', 'Masm1100', 'Utc1700_C', 'Utc1700_CPP', 'Utc1700_CVTCIL_C',
  'Utc1700_CVTCIL_CPP', 'Utc1700_LTCG_C', 'Utc1700_LTCG_CPP', 'Utc1700_LTCG_MSIL', 'Utc1700_POGO_I_C',
  'Utc1700_POGO_I_CPP', 'Utc1700_POGO_O_C', 'Utc1700_POGO_O_CPP', 'AliasObj1200', 'Cvtpgd1800', 'Cvtres1200',
  'Export1200', 'Implib1200', 'Linker1200', 'Masm1200', 'Utc1800_C', 'Utc1800_CPP', 'Utc1800_CVTCIL_C',
  'Utc1800_CVTCIL_CPP', 'Utc1800_LTCG_C', 'Utc1800_LTCG_CPP', 'Utc1800_LTCG_MSIL', 'Utc1800_POGO_I_C',
  'Utc1800_POGO_I_CPP', 'Utc1800_POGO_O_C', 'Utc1800_POGO_O_CPP', 'AliasObj1210', 'Cvtpgd1810', 'Cvtres1210',
  'Export1210', 'Implib1210', 'Linker1210', 'Masm1210', 'Utc1810_C', 'Utc1810_CPP', 'Utc1810_CVTCIL_C',
  'Utc1810_CVTCIL_CPP', 'Utc1810_LTCG_C', 'Utc1810_LTCG_CPP', 'Utc1810_LTCG_MSIL', 'Utc1810_POGO_I_C',
  'Utc1810_POGO_I_CPP', 'Utc1810_POGO_O_C', 'Utc1810_POGO_O_CPP', 'AliasObj1400', 'Cvtpgd1900', 'Cvtres1400',
  'Export1400', 'Implib1400', 'Linker1400', 'Masm1400', 'Utc1900_C', 'Utc1900_CPP', 'Utc1900_CVTCIL_C',
  'Utc1900_CVTCIL_CPP', 'Utc1900_LTCG_C', 'Utc1900_LTCG_CPP', 'Utc1900_LTCG_MSIL', 'Utc1900_POGO_I_C',
  'Utc1900_POGO_I_CPP', 'Utc1900_POGO_O_C', 'Utc1900_POGO_O_CPP',
];

/** The product's name, or null for an id past the table. */
export const richProductName = (id: number): string | null => RICH_PRODUCTS[id] ?? null;
