//! A target's trend over rounds (its history page): satisfaction and dissatisfaction of
//! the overall item, one point per closed round, oldest first.

use super::FONT;
use plotters::prelude::*;

/// One round of the trend: a short label (its year or title) and the two rates.
pub struct TrendPoint {
    /// Shown under the point.
    pub label: String,
    /// Satisfaction rate, when any answer was valid.
    pub satisfaction: Option<f64>,
    /// Dissatisfaction rate, when any answer was valid.
    pub dissatisfaction: Option<f64>,
}

/// The trend chart as SVG: green satisfaction, red dissatisfaction, each point labelled
/// with its percentage; a round without valid answers leaves a gap.
pub fn trend(points: &[TrendPoint], satisfaction: &str, dissatisfaction: &str) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (720, 280)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let n = points.len().max(1) as i32;
        let chart = ChartBuilder::on(&root).margin(16).x_label_area_size(34).y_label_area_size(50).build_cartesian_2d(-1..n, 0.0f64..1.0);
        if let Ok(mut chart) = chart {
            let labels: Vec<String> = points.iter().map(|p| p.label.clone()).collect();
            let fmt = |x: &i32| usize::try_from(*x).ok().and_then(|i| labels.get(i)).cloned().unwrap_or_default();
            let _ = chart
                .configure_mesh()
                .x_labels(points.len() + 2)
                .x_label_formatter(&fmt)
                .y_label_formatter(&|y| format!("{:.0}%", y * 100.0))
                .label_style((FONT, 12.0))
                .draw();
            let (green, red) = (RGBColor(30, 123, 52), RGBColor(200, 60, 50));
            for (name, colour, rate) in [
                (satisfaction, green, (|p: &TrendPoint| p.satisfaction) as fn(&TrendPoint) -> Option<f64>),
                (dissatisfaction, red, |p: &TrendPoint| p.dissatisfaction),
            ] {
                let series: Vec<(i32, f64)> = points.iter().enumerate().filter_map(|(i, p)| Some((i as i32, rate(p)?))).collect();
                if let Ok(s) = chart.draw_series(LineSeries::new(series.iter().copied(), colour.stroke_width(2))) {
                    s.label(name).legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(2)));
                }
                let _ = chart.draw_series(series.iter().map(|(x, y)| Circle::new((*x, *y), 4, colour.filled())));
                let _ = chart.draw_series(
                    series.iter().map(|(x, y)| Text::new(format!("{:.1}%", y * 100.0), (*x, *y), (FONT, 12.0).into_font().color(&colour))),
                );
            }
            let _ = chart.configure_series_labels().label_font((FONT, 12.0)).border_style(BLACK).background_style(WHITE).draw();
        }
        let _ = root.present();
    }
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trend_draws_every_round_with_both_rates() {
        let points = vec![
            TrendPoint { label: "2024".into(), satisfaction: Some(0.8), dissatisfaction: Some(0.2) },
            TrendPoint { label: "2025".into(), satisfaction: None, dissatisfaction: None },
            TrendPoint { label: "2026".into(), satisfaction: Some(0.9), dissatisfaction: Some(0.1) },
        ];
        let svg = trend(&points, "满意率", "不满意率");
        assert!(svg.starts_with("<svg") || svg.contains("<svg"));
        for label in ["2024", "2025", "2026", "80.0%", "90.0%", "10.0%", "满意率"] {
            assert!(svg.contains(label), "{label}");
        }
    }
}
