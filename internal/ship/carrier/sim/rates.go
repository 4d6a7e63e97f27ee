package sim

import (
	"errors"
	"net/http"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/ship/rate"
)

func (s *Server) rates(w http.ResponseWriter, r *http.Request) {
	var body rateBody
	if !decode(w, r, &body) {
		return
	}
	req := rate.Request{Origin: body.Origin, To: rate.Destination{Country: body.To.Country, PostalCode: body.To.PostalCode},
		Parcels: rateParcels(body.Parcels), Ready: s.cfg.Clock.Now()}
	if body.ReadyAt != nil {
		req.Ready = *body.ReadyAt
	}
	quotes, _, err := s.cfg.Data.Quotes(req)
	if err != nil {
		writeErrors(w, http.StatusUnprocessableEntity, fieldErrors(err)...)
		return
	}
	out := make([]wireRate, 0, len(quotes))
	for _, q := range quotes {
		out = append(out, wireRate{Service: q.Service, ServiceName: q.Name, Speed: q.Speed, Zone: q.Zone, Currency: q.Currency,
			Amount: q.Total, ChargeableWeightG: q.ChargeableG, TransitDays: q.TransitDays,
			Breakdown: map[string]int{"base": int(q.Base), "fuel": int(q.Fuel), "remote": int(q.Remote), "oversize": int(q.Oversize)},
			ShipDate:  q.ShipDate.String(), EstimatedDelivery: q.DeliveryDate.String()})
	}
	writeJSON(w, http.StatusOK, map[string]any{"rates": out})
}

func rateParcels(ps []wireParcel) []rate.Parcel {
	out := make([]rate.Parcel, len(ps))
	for i, p := range ps {
		out[i] = rate.Parcel{WeightG: p.WeightG, LengthMM: p.LengthMM, WidthMM: p.WidthMM, HeightMM: p.HeightMM}
	}
	return out
}

// fieldErrors turns a validation or refusal error into Parcelway's error
// entries, with Parcelway's own codes for what a service refuses.
func fieldErrors(err error) []wireError {
	var refusal *rate.Refusal
	if errors.As(err, &refusal) {
		code := map[string]string{rate.RefusedNoZone: "invalid_postcode", rate.RefusedExcluded: "destination_not_served",
			rate.RefusedTooHeavy: "too_heavy", rate.RefusedTooBig: "too_large", rate.RefusedNoOrigin: "unknown_origin"}[refusal.Code]
		if code == "" {
			code = "not_serviceable"
		}
		return []wireError{{Code: code, Field: refusal.Field(), Message: refusal.Message}}
	}
	var out []wireError
	for _, f := range errs.FieldsOf(err) {
		out = append(out, wireError{Code: "invalid_" + f.Code, Field: f.Path, Message: f.Message})
	}
	if len(out) == 0 {
		out = append(out, wireError{Code: "invalid_request", Message: err.Error()})
	}
	return out
}
