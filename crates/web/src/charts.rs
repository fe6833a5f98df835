//! Small server-rendered SVG charts: no script, a few hundred bytes, readable on a phone and in
//! print. Every bar carries its value in a <title> (shown on hover, read by screen readers).

use maud::{html, Markup};

pub struct Bar {
    pub label: String,
    pub value: i64,
    pub caption: String,
}

/// A bar chart scaled to `max` (at least the largest value), with an optional dashed line at
/// `mark` (a threshold such as 80 % attendance).
pub fn bars(title: &str, data: &[Bar], max: i64, mark: Option<(i64, &str)>) -> Markup {
    let (w, h, pad_bottom, pad_top) = (320.0f64, 140.0f64, 22.0f64, 10.0f64);
    let top = data.iter().map(|b| b.value).max().unwrap_or(0).max(max).max(1) as f64;
    let n = data.len().max(1) as f64;
    let slot = w / n;
    let bar_w = (slot * 0.7).max(2.0);
    let y = |v: i64| pad_top + (h - pad_top - pad_bottom) * (1.0 - v as f64 / top);
    html! {
        figure.chart {
            figcaption { (title) }
            svg viewBox={"0 0 " (w) " " (h)} role="img" aria-label=(title) xmlns="http://www.w3.org/2000/svg" {
                line x1="0" y1=(h - pad_bottom) x2=(w) y2=(h - pad_bottom) stroke="#aab7ab" {}
                @for (i, b) in data.iter().enumerate() {
                    @let x = i as f64 * slot + (slot - bar_w) / 2.0;
                    rect x=(format!("{x:.1}")) y=(format!("{:.1}", y(b.value))) width=(format!("{bar_w:.1}")) height=(format!("{:.1}", (h - pad_bottom) - y(b.value))) fill="#0b6b3a" {
                        title { (b.label) ": " (b.caption) }
                    }
                    // Every label while they fit; every other one when they would touch.
                    @if data.len() <= 8 || i % 2 == data.len() % 2 {
                        text x=(format!("{:.1}", x + bar_w / 2.0)) y=(h - 6.0) font-size="9" text-anchor="middle" fill="#5b6b60" { (b.label) }
                    }
                }
                @if let Some((m, label)) = mark {
                    line x1="0" y1=(format!("{:.1}", y(m))) x2=(w) y2=(format!("{:.1}", y(m))) stroke="#b3261e" stroke-dasharray="4 3" {}
                    text x="2" y=(format!("{:.1}", y(m) - 3.0)) font-size="9" text-anchor="start" fill="#b3261e" { (label) }
                }
            }
        }
    }
}

/// One line of a budget: its name, budget and realisation.
pub struct Pair {
    pub label: String,
    pub budget: i64,
    pub realised: i64,
}

/// Budget against realisation, one pair of horizontal bars per line (the light bar is the
/// budget, the dark one what was realised), scaled to the largest figure; each line's
/// percentage is written at its end so the chart reads without colour.
pub fn budget_bars(title: &str, data: &[Pair], words: (&str, &str)) -> Markup {
    let (w, row, label_h) = (320.0f64, 34.0f64, 11.0f64);
    let h = row * data.len().max(1) as f64 + 18.0;
    let top = data.iter().map(|p| p.budget.max(p.realised)).max().unwrap_or(0).max(1) as f64;
    let len = |v: i64| (w - 52.0) * v as f64 / top;
    html! {
        figure.chart {
            figcaption { (title) }
            svg viewBox={"0 0 " (w) " " (h)} role="img" aria-label=(title) xmlns="http://www.w3.org/2000/svg" {
                rect x="0" y="2" width="10" height="7" fill="#c8d6ca" {}
                text x="14" y="9" font-size="9" fill="#5b6b60" { (words.0) }
                rect x="80" y="2" width="10" height="7" fill="#0b6b3a" {}
                text x="94" y="9" font-size="9" fill="#5b6b60" { (words.1) }
                @for (i, p) in data.iter().enumerate() {
                    @let y = 18.0 + i as f64 * row;
                    text x="0" y=(format!("{:.1}", y + label_h - 2.0)) font-size="9" fill="#1d2a22" { (p.label) }
                    rect x="0" y=(format!("{:.1}", y + label_h)) width=(format!("{:.1}", len(p.budget))) height="8" fill="#c8d6ca" {
                        title { (p.label) " · " (words.0) ": " (swadaya_domain::Rupiah(p.budget)) }
                    }
                    rect x="0" y=(format!("{:.1}", y + label_h + 9.0)) width=(format!("{:.1}", len(p.realised))) height="8" fill="#0b6b3a" {
                        title { (p.label) " · " (words.1) ": " (swadaya_domain::Rupiah(p.realised)) }
                    }
                    text x=(w) y=(format!("{:.1}", y + label_h + 16.0)) font-size="9" text-anchor="end" fill="#5b6b60" {
                        @if p.budget > 0 { (p.realised as i128 * 100 / p.budget as i128) " %" } @else { "–" }
                    }
                }
            }
        }
    }
}
