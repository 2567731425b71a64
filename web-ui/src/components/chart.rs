//! Bar and line charts drawn as SVG (no chart library, no canvas). Each chart is an
//! `img` for assistive technology, with its data spelt out in the description.

use yew::prelude::*;

/// Default width of the drawing (SVG user units; the chart scales to its box).
const WIDTH: f64 = 640.0;
const LEFT: f64 = 52.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 20.0;
const BOTTOM: f64 = 44.0;
const PALETTE: [&str; 5] = ["#1f4e79", "#c55a11", "#2e75b6", "#548235", "#7f6000"];

/// A round axis maximum and step for values up to `max` with about `ticks` steps.
fn scale(max: f64, ticks: u32) -> (f64, f64) {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let raw = max / f64::from(ticks.max(1));
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    let step = if step < 1.0 && max >= 1.0 { 1.0 } else { step };
    ((max / step).ceil() * step, step)
}

/// `label` cut to what fits in `width` user units (CJK glyphs at the labels' size are
/// about 11 wide, Latin ones about 6.5); the full text stays in the bar's tooltip and the
/// chart's description.
fn fit_label(label: &str, width: f64) -> String {
    let glyph = |c: char| if c.is_ascii() { 6.5 } else { 11.0 };
    let total: f64 = label.chars().map(glyph).sum();
    if total <= width {
        return label.to_string();
    }
    let mut used = glyph('…');
    let mut out = String::new();
    for c in label.chars() {
        used += glyph(c);
        if used > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

fn number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

fn y_axis(width: f64, height: f64, top_value: f64, step: f64) -> Html {
    let plot_h = height - TOP - BOTTOM;
    let count = (top_value / step).round() as i64;
    html! {
        <g class="chart-grid">
            { for (0..=count).map(|i| {
                let v = step * i as f64;
                let y = TOP + plot_h - plot_h * v / top_value;
                html! {
                    <g>
                        <line x1={LEFT.to_string()} x2={(width - RIGHT).to_string()}
                              y1={y.to_string()} y2={y.to_string()} />
                        <text x={(LEFT - 8.0).to_string()} y={(y + 4.0).to_string()}
                              text-anchor="end">{ number(v) }</text>
                    </g>
                }
            }) }
        </g>
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// The list behind the bar: clicking the bar (or its label) goes there.
    pub link: Option<String>,
}

/// An SVG group that navigates to `link` when clicked (or activated by keyboard).
fn linked(link: Option<&String>, label: String, body: Html) -> Html {
    match link {
        None => html! { <g class="chart-bar">{ body }</g> },
        Some(to) => {
            let to = to.clone();
            let go = {
                let to = to.clone();
                Callback::from(move |_: MouseEvent| crate::components::push_path(&to))
            };
            let key = Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Enter" || e.key() == " " {
                    e.prevent_default();
                    crate::components::push_path(&to);
                }
            });
            html! {
                <g class="chart-bar chart-link" role="link" tabindex="0" aria-label={label}
                   onclick={go} onkeydown={key}>{ body }</g>
            }
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct BarChartProps {
    pub id: AttrValue,
    pub title: AttrValue,
    pub bars: Vec<Bar>,
    /// Drawing width: close to the width it is shown at keeps the text readable.
    #[prop_or(WIDTH)]
    pub width: f64,
    #[prop_or(280.0)]
    pub height: f64,
}

#[function_component]
pub fn BarChart(props: &BarChartProps) -> Html {
    let height = props.height;
    let width = props.width;
    let max = props.bars.iter().map(|b| b.value).fold(0.0, f64::max);
    let (top_value, step) = scale(max, 4);
    let plot_w = width - LEFT - RIGHT;
    let plot_h = height - TOP - BOTTOM;
    let n = props.bars.len().max(1) as f64;
    let slot = plot_w / n;
    let bar_w = (slot * 0.56).min(64.0);
    let title_id = format!("{}-title", props.id);
    let desc_id = format!("{}-desc", props.id);
    let desc = props
        .bars
        .iter()
        .map(|b| format!("{}: {}", b.label, number(b.value)))
        .collect::<Vec<_>>()
        .join("; ");
    html! {
        <figure class="chart" id={props.id.clone()}>
            <figcaption>{ props.title.clone() }</figcaption>
            <svg viewBox={format!("0 0 {width} {height}")} role="img"
                 aria-labelledby={format!("{title_id} {desc_id}")} preserveAspectRatio="xMidYMid meet">
                <title id={title_id}>{ props.title.clone() }</title>
                <desc id={desc_id}>{ desc }</desc>
                { y_axis(width, height, top_value, step) }
                <line class="chart-axis" x1={LEFT.to_string()} x2={(width - RIGHT).to_string()}
                      y1={(TOP + plot_h).to_string()} y2={(TOP + plot_h).to_string()} />
                { for props.bars.iter().enumerate().map(|(i, b)| {
                    let h = (plot_h * b.value / top_value).max(0.0);
                    let cx = LEFT + slot * (i as f64 + 0.5);
                    let y = TOP + plot_h - h;
                    linked(b.link.as_ref(), format!("{}: {}", b.label, number(b.value)), html! {
                        <>
                            <rect x={(cx - bar_w / 2.0).to_string()} y={y.to_string()}
                                  width={bar_w.to_string()} height={h.to_string()} rx="2"
                                  fill={PALETTE[0]}>
                                <title>{ format!("{}: {}", b.label, number(b.value)) }</title>
                            </rect>
                            <text class="chart-value" x={cx.to_string()} y={(y - 6.0).to_string()}
                                  text-anchor="middle">{ number(b.value) }</text>
                            <text class="chart-label" x={cx.to_string()} y={(TOP + plot_h + 20.0).to_string()}
                                  text-anchor="middle">{ fit_label(&b.label, slot - 2.0) }</text>
                        </>
                    })
                }) }
            </svg>
        </figure>
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
}

#[derive(Properties, PartialEq)]
pub struct LineChartProps {
    pub id: AttrValue,
    pub title: AttrValue,
    /// One label per point on the x axis.
    pub labels: Vec<String>,
    pub series: Vec<Series>,
    /// The list behind each x position (same order as `labels`): clicking the label
    /// or a point there goes to it.
    #[prop_or_default]
    pub links: Vec<String>,
    /// Drawing width: close to the width it is shown at keeps the text readable.
    #[prop_or(WIDTH)]
    pub width: f64,
    #[prop_or(280.0)]
    pub height: f64,
}

#[function_component]
pub fn LineChart(props: &LineChartProps) -> Html {
    let height = props.height;
    let width = props.width;
    let max = props
        .series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .fold(0.0, f64::max);
    let (top_value, step) = scale(max, 4);
    let plot_w = width - LEFT - RIGHT;
    let plot_h = height - TOP - BOTTOM;
    let n = props.labels.len();
    let x = |i: usize| {
        if n <= 1 {
            LEFT + plot_w / 2.0
        } else {
            LEFT + 12.0 + (plot_w - 24.0) * i as f64 / (n - 1) as f64
        }
    };
    let y = |v: f64| TOP + plot_h - plot_h * v / top_value;
    let title_id = format!("{}-title", props.id);
    let desc_id = format!("{}-desc", props.id);
    let desc = props
        .series
        .iter()
        .map(|s| {
            let values = s
                .values
                .iter()
                .zip(&props.labels)
                .map(|(v, l)| format!("{l} {}", number(*v)))
                .collect::<Vec<_>>()
                .join(", ");
            format!("{}: {values}", s.name)
        })
        .collect::<Vec<_>>()
        .join("; ");
    html! {
        <figure class="chart" id={props.id.clone()}>
            <figcaption>{ props.title.clone() }</figcaption>
            <svg viewBox={format!("0 0 {width} {height}")} role="img"
                 aria-labelledby={format!("{title_id} {desc_id}")} preserveAspectRatio="xMidYMid meet">
                <title id={title_id}>{ props.title.clone() }</title>
                <desc id={desc_id}>{ desc }</desc>
                { y_axis(width, height, top_value, step) }
                <line class="chart-axis" x1={LEFT.to_string()} x2={(width - RIGHT).to_string()}
                      y1={(TOP + plot_h).to_string()} y2={(TOP + plot_h).to_string()} />
                { for props.labels.iter().enumerate().map(|(i, l)| linked(props.links.get(i), l.clone(), html! {
                    <>
                        if props.links.get(i).is_some() {
                            // A column the height of the plot, so the whole x position is
                            // a target, not only its label.
                            <rect class="chart-hit" x={(x(i) - 14.0).to_string()} y={TOP.to_string()}
                                  width="28" height={(plot_h + 28.0).to_string()} fill="transparent" />
                        }
                        <text class="chart-label" x={x(i).to_string()} y={(TOP + plot_h + 20.0).to_string()}
                              text-anchor="middle">{ l.clone() }</text>
                    </>
                })) }
                { for props.series.iter().enumerate().map(|(si, s)| {
                    let colour = PALETTE[si % PALETTE.len()];
                    let points = s.values.iter().enumerate()
                        .map(|(i, v)| format!("{:.1},{:.1}", x(i), y(*v)))
                        .collect::<Vec<_>>().join(" ");
                    html! {
                        <g class="chart-series">
                            <polyline points={points} fill="none" stroke={colour} stroke-width="2.5"
                                      stroke-linejoin="round" stroke-linecap="round" />
                            { for s.values.iter().enumerate().map(|(i, v)| html! {
                                <circle cx={x(i).to_string()} cy={y(*v).to_string()} r="3.5"
                                        fill="#fff" stroke={colour} stroke-width="2">
                                    <title>{ format!("{} {}: {}", s.name,
                                        props.labels.get(i).cloned().unwrap_or_default(), number(*v)) }</title>
                                </circle>
                            }) }
                        </g>
                    }
                }) }
            </svg>
            <ul class="chart-legend">
                { for props.series.iter().enumerate().map(|(si, s)| html! {
                    <li>
                        <span class="swatch" style={format!("background:{}", PALETTE[si % PALETTE.len()])}
                              aria-hidden="true"></span>
                        { s.name.clone() }
                    </li>
                }) }
            </ul>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_to_round_numbers() {
        assert_eq!(scale(0.0, 4), (1.0, 1.0));
        assert_eq!(scale(8.0, 4), (8.0, 2.0));
        assert_eq!(scale(9.0, 4), (10.0, 5.0));
        assert_eq!(scale(120.0, 4), (150.0, 50.0));
        assert_eq!(number(3.0), "3");
        assert_eq!(fit_label("任务一", 60.0), "任务一");
        assert_eq!(fit_label("老区城管执法局", 48.0), "老区城…");
        assert_eq!(number(2.5), "2.5");
    }
}
