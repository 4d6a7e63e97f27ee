package document

// PackingSlipPDF renders the packing slip that goes in the parcel: A4, in
// English and Chinese, the order number as Code 128 on every page for the
// pack station's scanner, the lines and totals. It refuses an invoice that
// cannot be printed with an errs.Invalid naming the field.
func PackingSlipPDF(inv Invoice, o Options) ([]byte, error) {
	return renderSheet(inv, sheetKind{title: "Packing slip 装箱单", barcode: true}, o)
}

// CommercialInvoicePDF renders the commercial invoice customs reads: A4,
// in English and Chinese, the invoice number (required), HS codes and
// countries of origin, tax lines and totals, and the exporter's
// declaration.
func CommercialInvoicePDF(inv Invoice, o Options) ([]byte, error) {
	return renderSheet(inv, sheetKind{title: "Commercial invoice 商业发票", declare: true, needsNum: true}, o)
}
