package picklist

import (
	"fmt"
	"strings"
)

// language picks a column of the label table.
type language int

const (
	english language = iota
	chinese
)

// label names a word or phrase the pick list prints.
type label int

const (
	labelTitle label = iota
	labelWarehouse
	labelTask
	labelWave
	labelStrategy
	labelPicker
	labelPrinted
	labelStops
	labelUnits
	labelWalk
	labelSeq
	labelLocation
	labelItem
	labelQty
	labelScan
	labelTote
	labelSlot
	labelFlags
	labelFragile
	labelValuable
	labelScanTwice
	labelHeavy
	labelGTIN
	labelSKU
	labelNoStops
	labelNone
	labelOrder
	labelCluster
	labelPutwall
	labelPage // a format: page number, page count
	labelCount
)

// labels is the bilingual table: every label in English and in Chinese.
var labels = [labelCount][2]string{
	labelTitle:     {"Pick list", "拣货单"},
	labelWarehouse: {"Warehouse", "仓库"},
	labelTask:      {"Task", "任务"},
	labelWave:      {"Wave", "波次"},
	labelStrategy:  {"Strategy", "策略"},
	labelPicker:    {"Picker", "拣货员"},
	labelPrinted:   {"Printed", "打印时间"},
	labelStops:     {"Stops", "拣货点"},
	labelUnits:     {"Units", "总件数"},
	labelWalk:      {"Walk", "行走距离"},
	labelSeq:       {"#", "序号"},
	labelLocation:  {"Location", "库位"},
	labelItem:      {"Item", "商品"},
	labelQty:       {"Qty", "数量"},
	labelScan:      {"Scan", "扫码"},
	labelTote:      {"Tote", "周转箱"},
	labelSlot:      {"Slot", "格口"},
	labelFlags:     {"Handling", "注意"},
	labelFragile:   {"FRAGILE", "易碎"},
	labelValuable:  {"VALUABLE", "贵重"},
	labelScanTwice: {"scan twice", "需二次扫描"},
	labelHeavy:     {"HEAVY", "重物"},
	labelGTIN:      {"GTIN", "GTIN"},
	labelSKU:       {"SKU", "SKU"},
	labelNoStops:   {"No stops on this task.", "此任务没有拣货点。"},
	labelNone:      {"—", "—"},
	labelOrder:     {"Order", "按单拣货"},
	labelCluster:   {"Cluster", "边拣边分"},
	labelPutwall:   {"Put wall", "播种墙"},
	labelPage:      {"Page %d of %d", "第 %d 页，共 %d 页"},
}

// languageOf reads a language tag: "zh", "zh-CN", "zh-Hans"… print
// Chinese, everything else English.
func languageOf(tag string) language {
	if t := strings.ToLower(tag); t == "zh" || strings.HasPrefix(t, "zh-") || strings.HasPrefix(t, "zh_") {
		return chinese
	}
	return english
}

// say is the label in l.
func (l language) say(lb label) string { return labels[lb][l] }

// strategy is the strategy in words, or as given when unknown.
func (l language) strategy(s string) string {
	switch s {
	case "order":
		return l.say(labelOrder)
	case "cluster":
		return l.say(labelCluster)
	case "putwall":
		return l.say(labelPutwall)
	}
	return s
}

// toteColumn names the column by where units go: a put wall has slots.
func (l language) toteColumn(strategy string) string {
	if strategy == "putwall" {
		return l.say(labelSlot)
	}
	return l.say(labelTote)
}

func (l language) pageOf(n, of int) string { return fmt.Sprintf(l.say(labelPage), n, of) }

// or is s, or the dash printed for a field left empty.
func (l language) or(s string) string {
	if strings.TrimSpace(s) == "" {
		return l.say(labelNone)
	}
	return s
}
