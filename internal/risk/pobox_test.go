package risk

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestIsPOBox(t *testing.T) {
	boxes := []string{
		"PO Box 123", "P.O. Box 123", "p. o. box 77", "PO-Box 9", "POBox 123", "POBOX123", "P.O.Box",
		"Post Office Box 4021", "GPO Box 1600", "POB 12", "PO Box #5",
		"Postfach 10 01 23", "Postfach", "Caixa Postal 1234", "Apartado 1234", "Apartado de Correos 88",
		"Apartado Postal 55", "Apdo. 321", "Boîte postale 12", "BP 12", "B.P. 4527", "Casella Postale 7",
		"Casilla de Correo 123", "Casilla 45", "Postbus 1001", "Postboks 300", "Locked Bag 3000", "Private Bag 92019",
		"ＰＯ　Ｂｏｘ　１２", "東京中央郵便局私書箱123号", "台北郵政信箱 12 號", "北京邮政信箱", "北京市100信箱", "서울 사서함 12",
	}
	streets := []string{
		"5 Boxwood Road", "Pobox Street 5", "12 Box Hill", "Box Lane 3", "Postfachstraße 3", "Post Office Road 1",
		"Shop 4, Post Office Building", "BP Tankstelle, Hauptstr. 3", "Apartamento 5", "Calle Casilla", "Boîte aux lettres 3",
		"Jukebox Avenue 4", "123 Main St", "Xbox Plaza 1", "Pobox", "Sandbox 12", "信箱路", "郵政路1号",
	}
	for _, s := range boxes {
		require.True(t, IsPOBox(s), "%q is a PO box", s)
	}
	for _, s := range streets {
		require.False(t, IsPOBox(s), "%q is not a PO box", s)
	}
}
