package main

type DemoCmd struct{}
type ReconcileCmd struct{}
type ImportCmd struct{}
