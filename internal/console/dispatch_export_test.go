package console

// DriverScans exposes driverScans to the external tests.
var DriverScans = driverScans
