package address

import "github.com/waybill/waybill/internal/errs"

// Real-looking addresses for the countries Waybill ships to first: for each,
// what a customer types and what Waybill stores, and the mistakes it catches.

var casesCN = []countryCase{
	{name: "Guangzhou", in: Address{Name: "王小明", Line1: "天河路385号太古汇一座28楼", District: "天河区", City: "广州市",
		Region: "广东省", PostalCode: "510620", Country: "CN"},
		want: Address{Name: "王小明", Line1: "天河路385号太古汇一座28楼", District: "天河区", City: "广州市",
			Region: "广东省", PostalCode: "510620", Country: "CN"}},
	{name: "pinyin region", in: Address{Line1: "建国路87号", District: "朝阳区", City: "北京市", Region: "Beijing Shi", PostalCode: "100025", Country: "cn"},
		want: Address{Line1: "建国路87号", District: "朝阳区", City: "北京市", Region: "北京市", PostalCode: "100025", Country: "CN"}},
	{name: "short name", in: Address{Line1: "民族大道166号", City: "南宁市", Region: "广西", PostalCode: "530022", Country: "CN"},
		want: Address{Line1: "民族大道166号", City: "南宁市", Region: "广西壮族自治区", PostalCode: "530022", Country: "CN"}},
	{name: "ISO code", in: Address{Line1: "南京路100号", City: "上海市", Region: "CN-31", PostalCode: "200001", Country: "CN"},
		want: Address{Line1: "南京路100号", City: "上海市", Region: "上海市", PostalCode: "200001", Country: "CN"}},
	{name: "five-digit code", in: Address{Line1: "天河路385号", City: "广州市", Region: "广东省", PostalCode: "51062", Country: "CN"},
		errs: []problem{{"postal_code", errs.CodeFormat}}},
	{name: "unknown province", in: Address{Line1: "天河路385号", City: "广州市", Region: "Canton", PostalCode: "510620", Country: "CN"},
		errs: []problem{{"region", errs.CodeUnknown}}},
	{name: "no city or code", in: Address{Line1: "天河路385号", Region: "广东省", Country: "CN"},
		errs: []problem{{"city", errs.CodeRequired}, {"postal_code", errs.CodeRequired}}},
}

var casesTW = []countryCase{
	{name: "3+3 code", in: Address{Line1: "信義路五段7號", City: "信義區", Region: "台北市", PostalCode: "110208", Country: "TW"},
		want: Address{Line1: "信義路五段7號", City: "信義區", Region: "台北市", PostalCode: "110208", Country: "TW"}},
	{name: "3+2 code", in: Address{Line1: "中山路一段2號", City: "板橋區", Region: "新北市", PostalCode: "22001", Country: "TW"},
		want: Address{Line1: "中山路一段2號", City: "板橋區", Region: "新北市", PostalCode: "22001", Country: "TW"}},
	{name: "official 臺 spelling", in: Address{Line1: "市府路1號", City: "信義區", Region: "臺北市", PostalCode: "110", Country: "TW"},
		want: Address{Line1: "市府路1號", City: "信義區", Region: "台北市", PostalCode: "110", Country: "TW"}},
	{name: "English county", in: Address{Line1: "No. 100, Wenhua Rd.", City: "West District", Region: "Taichung City", PostalCode: "403", Country: "TW"},
		want: Address{Line1: "No. 100, Wenhua Rd.", City: "West District", Region: "台中市", PostalCode: "403", Country: "TW"}},
	{name: "four-digit code", in: Address{Line1: "信義路五段7號", City: "信義區", Region: "台北市", PostalCode: "1102", Country: "TW"},
		errs: []problem{{"postal_code", errs.CodeFormat}}},
	{name: "city without county", in: Address{Line1: "信義路五段7號", City: "信義區", PostalCode: "110", Country: "TW"},
		errs: []problem{{"region", errs.CodeRequired}}},
}

var casesHK = []countryCase{
	{name: "Central", in: Address{Line1: "皇后大道中99號中環中心45樓", City: "中環", Region: "香港島", Country: "HK"},
		want: Address{Line1: "皇后大道中99號中環中心45樓", City: "中環", Region: "Hong Kong Island", Country: "HK"}},
	{name: "English area", in: Address{Line1: "Flat 12B, 18 Nathan Road", City: "Tsim Sha Tsui", Region: "kowloon", Country: "HK"},
		want: Address{Line1: "Flat 12B, 18 Nathan Road", City: "Tsim Sha Tsui", Region: "Kowloon", Country: "HK"}},
	{name: "no postal codes", in: Address{Line1: "8 Finance Street", Region: "Hong Kong Island", PostalCode: "999077", Country: "HK"},
		want: Address{Line1: "8 Finance Street", Region: "Hong Kong Island", PostalCode: "999077", Country: "HK"}},
	{name: "no area", in: Address{Line1: "8 Finance Street", City: "Central", Country: "HK"},
		errs: []problem{{"region", errs.CodeRequired}}},
	{name: "Macau is elsewhere", in: Address{Line1: "Avenida da Praia Grande 1", Region: "Macau", Country: "HK"},
		errs: []problem{{"region", errs.CodeUnknown}}},
}

var casesUS = []countryCase{
	{name: "ZIP+4", in: Address{Name: "Sundar P.", Company: "Google LLC", Line1: "1600 Amphitheatre Pkwy", City: "Mountain View",
		Region: "California", PostalCode: "94043-1351", Country: "US"},
		want: Address{Name: "Sundar P.", Company: "Google LLC", Line1: "1600 Amphitheatre Pkwy", City: "Mountain View",
			Region: "CA", PostalCode: "94043-1351", Country: "US"}},
	{name: "ISO region", in: Address{Line1: "1600 Pennsylvania Ave NW", City: "Washington", Region: "US-DC", PostalCode: "20500", Country: "US"},
		want: Address{Line1: "1600 Pennsylvania Ave NW", City: "Washington", Region: "DC", PostalCode: "20500", Country: "US"}},
	{name: "four-digit ZIP", in: Address{Line1: "1 Main St", City: "Boston", Region: "MA", PostalCode: "2108", Country: "US"},
		errs: []problem{{"postal_code", errs.CodeFormat}}},
	{name: "misspelt state", in: Address{Line1: "1 Main St", City: "Austin", Region: "Texsa", PostalCode: "78701", Country: "US"},
		errs: []problem{{"region", errs.CodeUnknown}}},
	{name: "no state", in: Address{Line1: "1 Main St", City: "Austin", PostalCode: "78701", Country: "US"},
		errs: []problem{{"region", errs.CodeRequired}}},
}

var casesCA = []countryCase{
	{name: "Toronto", in: Address{Line1: "290 Bremner Blvd", City: "Toronto", Region: "ON", PostalCode: "m5v 3l9", Country: "CA"},
		want: Address{Line1: "290 Bremner Blvd", City: "Toronto", Region: "ON", PostalCode: "M5V 3L9", Country: "CA"}},
	{name: "French province", in: Address{Line1: "1000 rue De La Gauchetière O", City: "Montréal", Region: "Québec", PostalCode: "H3B4W5", Country: "CA"},
		want: Address{Line1: "1000 rue De La Gauchetière O", City: "Montréal", Region: "QC", PostalCode: "H3B4W5", Country: "CA"}},
	{name: "letter D cannot start", in: Address{Line1: "1 Main St", City: "Halifax", Region: "NS", PostalCode: "D3H 1A1", Country: "CA"},
		errs: []problem{{"postal_code", errs.CodeFormat}}},
	{name: "US state", in: Address{Line1: "1 Main St", City: "Halifax", Region: "NY", PostalCode: "B3H 1A1", Country: "CA"},
		errs: []problem{{"region", errs.CodeUnknown}}},
}

var casesGB = []countryCase{
	{name: "Westminster", in: Address{Line1: "10 Downing Street", City: "London", PostalCode: "sw1a  2aa", Country: "GB"},
		want: Address{Line1: "10 Downing Street", City: "London", PostalCode: "SW1A 2AA", Country: "GB"}},
	{name: "no space", in: Address{Line1: "1 Deansgate", City: "Manchester", PostalCode: "M34AB", Country: "GB"},
		want: Address{Line1: "1 Deansgate", City: "Manchester", PostalCode: "M34AB", Country: "GB"}},
	{name: "half a postcode", in: Address{Line1: "10 Downing Street", City: "London", PostalCode: "SW1A", Country: "GB"},
		errs: []problem{{"postal_code", errs.CodeFormat}}},
	{name: "no post town", in: Address{Line1: "10 Downing Street", PostalCode: "SW1A 2AA", Country: "GB"},
		errs: []problem{{"city", errs.CodeRequired}}},
}

var casesDE = []countryCase{
	{name: "Berlin", in: Address{Company: "Musterfirma GmbH", Line1: "Unter den Linden 77", City: "Berlin", PostalCode: "10117", Country: "DE"},
		want: Address{Company: "Musterfirma GmbH", Line1: "Unter den Linden 77", City: "Berlin", PostalCode: "10117", Country: "DE"}},
	{name: "free-text region kept", in: Address{Line1: "Marienplatz 8", City: "München", Region: "Bayern", PostalCode: "80331", Country: "DE"},
		want: Address{Line1: "Marienplatz 8", City: "München", Region: "Bayern", PostalCode: "80331", Country: "DE"}},
	{name: "old four-digit code", in: Address{Line1: "Marienplatz 8", City: "München", PostalCode: "8000", Country: "DE"},
		errs: []problem{{"postal_code", errs.CodeFormat}}},
	{name: "no street", in: Address{City: "Berlin", PostalCode: "10117", Country: "DE"},
		errs: []problem{{"line1", errs.CodeRequired}}},
}

var casesFR = []countryCase{
	{name: "Paris", in: Address{Line1: "55 Rue du Faubourg Saint-Honoré", City: "Paris", PostalCode: "75008", Country: "FR"},
		want: Address{Line1: "55 Rue du Faubourg Saint-Honoré", City: "Paris", PostalCode: "75008", Country: "FR"}},
	{name: "spaced code", in: Address{Line1: "1 Place de la Comédie", City: "Montpellier", PostalCode: "34 000", Country: "FR"},
		want: Address{Line1: "1 Place de la Comédie", City: "Montpellier", PostalCode: "34 000", Country: "FR"}},
	{name: "letters", in: Address{Line1: "1 Place de la Comédie", City: "Montpellier", PostalCode: "F-34000", Country: "FR"},
		errs: []problem{{"postal_code", errs.CodeFormat}}},
}

var casesJP = []countryCase{
	{name: "〒 and full width", in: Address{Line1: "千代田1-1", City: "千代田区", Region: "東京都", PostalCode: "〒１００－０００１", Country: "JP"},
		want: Address{Line1: "千代田1-1", City: "千代田区", Region: "東京都", PostalCode: "100-0001", Country: "JP"}},
	{name: "romaji prefecture", in: Address{Line1: "1-1-1 Umeda, Kita-ku", Region: "Osaka", PostalCode: "530-0001", Country: "JP"},
		want: Address{Line1: "1-1-1 Umeda, Kita-ku", Region: "大阪府", PostalCode: "530-0001", Country: "JP"}},
	{name: "ISO prefecture, no dash", in: Address{Line1: "中区本町1-1", Region: "JP-14", PostalCode: "2310005", Country: "JP"},
		want: Address{Line1: "中区本町1-1", Region: "神奈川県", PostalCode: "2310005", Country: "JP"}},
	{name: "eight digits", in: Address{Line1: "千代田1-1", Region: "東京都", PostalCode: "100-00011", Country: "JP"},
		errs: []problem{{"postal_code", errs.CodeFormat}}},
	{name: "no prefecture", in: Address{Line1: "千代田1-1", PostalCode: "100-0001", Country: "JP"},
		errs: []problem{{"region", errs.CodeRequired}}},
}

var casesBR = []countryCase{
	{name: "Paulista", in: Address{Line1: "Avenida Paulista, 1578", District: "Bela Vista", City: "São Paulo", Region: "SP",
		PostalCode: "01310-200", Country: "BR"},
		want: Address{Line1: "Avenida Paulista, 1578", District: "Bela Vista", City: "São Paulo", Region: "SP",
			PostalCode: "01310-200", Country: "BR"}},
	{name: "state without accents", in: Address{Line1: "Av. Atlântica, 1702", City: "Rio de Janeiro", Region: "rio de janeiro",
		PostalCode: "22021001", Country: "BR"},
		want: Address{Line1: "Av. Atlântica, 1702", City: "Rio de Janeiro", Region: "RJ", PostalCode: "22021001", Country: "BR"}},
	{name: "Sao Paulo typed plainly", in: Address{Line1: "Rua Augusta, 500", City: "Sao Paulo", Region: "Sao Paulo", PostalCode: "01304-000", Country: "BR"},
		want: Address{Line1: "Rua Augusta, 500", City: "Sao Paulo", Region: "SP", PostalCode: "01304-000", Country: "BR"}},
	{name: "short CEP", in: Address{Line1: "Avenida Paulista, 1578", City: "São Paulo", Region: "SP", PostalCode: "01310-20", Country: "BR"},
		errs: []problem{{"postal_code", errs.CodeFormat}}},
	{name: "no city", in: Address{Line1: "Avenida Paulista, 1578", Region: "SP", PostalCode: "01310-200", Country: "BR"},
		errs: []problem{{"city", errs.CodeRequired}}},
}

var casesAU = []countryCase{
	{name: "Sydney", in: Address{Line1: "Bennelong Point", City: "Sydney", Region: "NSW", PostalCode: "2000", Country: "AU"},
		want: Address{Line1: "Bennelong Point", City: "Sydney", Region: "NSW", PostalCode: "2000", Country: "AU"}},
	{name: "state by name", in: Address{Line1: "1 Flinders St", City: "Melbourne", Region: "Victoria", PostalCode: "3000", Country: "AU"},
		want: Address{Line1: "1 Flinders St", City: "Melbourne", Region: "VIC", PostalCode: "3000", Country: "AU"}},
	{name: "Darwin keeps its zero", in: Address{Line1: "1 Smith St", City: "Darwin", Region: "NT", PostalCode: "0800", Country: "AU"},
		want: Address{Line1: "1 Smith St", City: "Darwin", Region: "NT", PostalCode: "0800", Country: "AU"}},
	{name: "five digits, no state", in: Address{Line1: "1 Flinders St", City: "Melbourne", PostalCode: "30000", Country: "AU"},
		errs: []problem{{"region", errs.CodeRequired}, {"postal_code", errs.CodeFormat}}},
}

var casesIN = []countryCase{
	{name: "Mumbai", in: Address{Line1: "Apollo Bandar, Colaba", City: "Mumbai", Region: "Maharashtra", PostalCode: "400001", Country: "IN"},
		want: Address{Line1: "Apollo Bandar, Colaba", City: "Mumbai", Region: "Maharashtra", PostalCode: "400001", Country: "IN"}},
	{name: "state code", in: Address{Line1: "MG Road", City: "Bengaluru", Region: "KA", PostalCode: "560001", Country: "IN"},
		want: Address{Line1: "MG Road", City: "Bengaluru", Region: "Karnataka", PostalCode: "560001", Country: "IN"}},
	{name: "Hindi state name", in: Address{Line1: "Rajpath", City: "New Delhi", Region: "दिल्ली", PostalCode: "110001", Country: "IN"},
		want: Address{Line1: "Rajpath", City: "New Delhi", Region: "Delhi", PostalCode: "110001", Country: "IN"}},
	{name: "five-digit PIN", in: Address{Line1: "MG Road", City: "Bengaluru", Region: "Karnataka", PostalCode: "56001", Country: "IN"},
		errs: []problem{{"postal_code", errs.CodeFormat}}},
	{name: "city as state", in: Address{Line1: "MG Road", City: "Bengaluru", Region: "Bangalore", PostalCode: "560001", Country: "IN"},
		errs: []problem{{"region", errs.CodeUnknown}}},
}
