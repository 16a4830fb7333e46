package places

import "math"

// Lambert-93 (RGF93 v1 / Lambert-93, EPSG:2154): Lambert conformal conic
// with two standard parallels, 44° N and 49° N, on the GRS80 ellipsoid;
// origin 46°30′ N, 3° E at (700 000 m, 6 600 000 m). France's official
// projection for metropolitan maps.
const (
	l93A    = 6378137.0
	l93F    = 1 / 298.257222101
	l93Lat1 = 49.0
	l93Lat2 = 44.0
	l93Lat0 = 46.5
	l93Lon0 = 3.0
	l93X0   = 700000.0
	l93Y0   = 6600000.0
)

// l93 holds the projection's derived constants.
var l93 = func() (c struct{ e, n, aF, rho0 float64 }) {
	e := math.Sqrt(2*l93F - l93F*l93F)
	m := func(phi float64) float64 { s := math.Sin(phi); return math.Cos(phi) / math.Sqrt(1-e*e*s*s) }
	t := func(phi float64) float64 {
		s := math.Sin(phi)
		return math.Tan(math.Pi/4-phi/2) / math.Pow((1-e*s)/(1+e*s), e/2)
	}
	p1, p2, p0 := l93Lat1*math.Pi/180, l93Lat2*math.Pi/180, l93Lat0*math.Pi/180
	c.e = e
	c.n = (math.Log(m(p1)) - math.Log(m(p2))) / (math.Log(t(p1)) - math.Log(t(p2)))
	c.aF = l93A * m(p1) / (c.n * math.Pow(t(p1), c.n))
	c.rho0 = c.aF * math.Pow(t(p0), c.n)
	return c
}()

// Lambert93 projects a WGS 84 / RGF93 position (the two agree to within a
// metre) to Lambert-93 metres, x east and y north.
func Lambert93(lat, lon float64) (x, y float64) {
	phi := lat * math.Pi / 180
	s := math.Sin(phi)
	t := math.Tan(math.Pi/4-phi/2) / math.Pow((1-l93.e*s)/(1+l93.e*s), l93.e/2)
	rho := l93.aF * math.Pow(t, l93.n)
	theta := l93.n * (lon - l93Lon0) * math.Pi / 180
	return l93X0 + rho*math.Sin(theta), l93Y0 + l93.rho0 - rho*math.Cos(theta)
}

// earthKM is the mean Earth radius.
const earthKM = 6371.0088

// LocalKM is the equirectangular projection centred on (lat0, lon0), in
// kilometres: true to scale along the central parallel and exact enough
// across an island or French Guiana (a few hundred kilometres).
func LocalKM(lat, lon, lat0, lon0 float64) (x, y float64) {
	dlon := math.Remainder(lon-lon0, 360)
	return earthKM * math.Cos(lat0*math.Pi/180) * dlon * math.Pi / 180, earthKM * (lat - lat0) * math.Pi / 180
}
