// report.md and the console summary of `gyrus demo`, from the JSON each stage printed.
// Missing fields print as "–" rather than failing: the report is read by people.
#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace gyrus::cli {

namespace {

using nlohmann::json;

std::string cell(const json& value, const char* format = "{:.3f}") {
  if (value.is_number_float())
    return fmt::format(fmt::runtime(format), value.get<double>());
  if (value.is_number_integer() || value.is_number_unsigned())
    return value.dump();
  if (value.is_boolean())
    return value.get<bool>() ? "yes" : "no";
  return value.is_string() ? value.get<std::string>() : "–";
}

/// summary[stage][key...], or null.
json field(const json& summary, std::initializer_list<const char*> path) {
  const json* node = &summary;
  for (const char* key : path) {
    if (!node->is_object() || !node->contains(key))
      return nullptr;
    node = &(*node)[key];
  }
  return *node;
}

std::string row(const std::vector<std::string>& cells) {
  std::string text = "|";
  for (const std::string& c : cells)
    text += " " + c + " |";
  return text + "\n";
}

std::string header(const std::vector<std::string>& cells) {
  std::string text = row(cells) + "|";
  for (size_t i = 0; i < cells.size(); ++i)
    text += "---|";
  return text + "\n";
}

std::string image_link(const std::string& relative) {
  return fmt::format("![{}]({})\n\n", relative, relative);
}

std::string deployed_line(const json& s) {
  return fmt::format("float {} → integer {} (mean drop {} points)",
                     cell(field(s, {"deployed", "mean_float"})),
                     cell(field(s, {"deployed", "mean_integer"})),
                     cell(field(s, {"deployed", "mean_drop_points"}), "{:.2f}"));
}

std::string sim_line(const json& s) {
  return fmt::format("{} cycles/step on average ({} µs at the target clock), {} pJ/step",
                     cell(field(s, {"sim", "per_step", "cycles", "mean"}), "{:.0f}"),
                     cell(field(s, {"sim", "per_step", "time_us", "mean"}), "{:.2f}"),
                     cell(field(s, {"sim", "per_step", "energy_pj", "mean"}), "{:.0f}"));
}

} // namespace

std::string demo_report_markdown(const json& s) {
  std::string md = "# gyrus demo report\n\n";
  md += fmt::format("Model `{}`, seed {}. Every number below comes from a gyrus command run "
                    "with `--json`; summary.json holds them all.\n\n",
                    cell(s["model"]), cell(s["seed"]));
  if (s.contains("train"))
    md += fmt::format("The network was trained for this report: {} steps on a 10 × 10 grid "
                      "with BIMT.\n\n",
                      cell(field(s, {"train", "steps"})));

  md += "## 1. The trained network: functional clusters in spatial patches\n\n";
  md += header({"score", "value"});
  md +=
      row({"mean task performance (noise-free)", cell(field(s, {"analyze", "mean_performance"}))});
  md += row({"functional clusters k", cell(field(s, {"analyze", "clusters", "k"}))});
  md += row(
      {"functional modularity (silhouette)", cell(field(s, {"analyze", "functional_modularity"}))});
  md += row(
      {"anatomical modularity (Newman's Q)", cell(field(s, {"analyze", "anatomical_modularity"}))});
  md += row({"locality", cell(field(s, {"analyze", "locality"}))});
  md += row({"wiring cost Σ\\|w\\|·d", cell(field(s, {"analyze", "wiring_cost"}), "{:.1f}")});
  md += row({"active neurons", cell(field(s, {"analyze", "active_neurons"}))});
  md += "\n" + image_link("analysis/grid.png") + image_link("analysis/task_variance.png");

  md += "## 2. Compiled to core-mapped images\n\n";
  md += header({"target", "cores", "routes", "neurons", "synapses"});
  for (const char* stage : {"compile_mini", "compile_loihi2"})
    md += row({cell(field(s, {stage, "target"})), cell(field(s, {stage, "cores"})),
               cell(field(s, {stage, "routes"})), cell(field(s, {stage, "neurons"})),
               cell(field(s, {stage, "synapses"}))});
  md += "\n";

  md += "## 3. Simulator == integer reference\n\n";
  md += fmt::format(
      "On the `mini` image, over {} steps ({} test trials, two of every task), state compared "
                    "every step: **{}**.\n\n",
      cell(field(s, {"verify_sim", "steps"})), cell(field(s, {"verify_sim", "trials"})),
      field(s, {"verify_sim", "bit_exact"}) == json(true) ? "bit-exact"
                                                          : "DIVERGED (see summary.json)");

  md += "## 4. The deployed network solves the tasks\n\n";
  md += "On `loihi2`, " + deployed_line(s) + ".\n\n";
  md += header({"task", "float", "integer (deployed)", "drop (points)"});
  if (json tasks = field(s, {"deployed", "tasks"}); tasks.is_array())
    for (const json& t : tasks)
      md += row({cell(t["task"]), cell(t["float"]), cell(t["integer"]),
                 cell(t["drop_points"], "{:.1f}")});
  md += "\n";

  md += "## 5. Spike by spike, with cycles and energy\n\n";
  md += "One dm1 trial on `mini`: " + sim_line(s) + ".\n\n";
  md += image_link("sim/raster.png");

  md += "## 6. Wiring cost across placements (`mini`)\n\n";
  md += header({"strategy", "cores", "neuron wiring", "packets/step", "spike-hops/step",
                "max link flits/step"});
  if (json rows = field(s, {"placement", "strategies"}); rows.is_array())
    for (const json& r : rows)
      md += row({cell(r["strategy"]), cell(r["cores_used"]), cell(r["neuron_wiring"], "{:.1f}"),
                 cell(r["packets_per_step"], "{:.0f}"), cell(r["spike_hops_per_step"], "{:.0f}"),
                 cell(r["max_link_flits_per_step"], "{:.0f}")});
  md += "\n" + image_link("placement/placement_cores.png") +
        image_link("placement/placement_costs.png");

  md += "## 7. Intel Lava\n\n";
  if (json skipped = field(s, {"lava", "skipped"}); !skipped.is_null())
    md += "Not run: " + cell(skipped) + "\n";
  else
    md += fmt::format("Lava vs gyrus over {} steps: **{}**.\n", cell(field(s, {"lava", "steps"})),
                      field(s, {"lava", "bit_exact"}) == json(true) ? "bit-exact" : "diverged");
  return md;
}

std::string demo_console_summary(const json& s) {
  std::string text = "\n";
  auto line = [&](const std::string& what, const std::string& value) {
    text += fmt::format("  {:<34} {}\n", what, value);
  };
  line("functional clusters / locality",
       fmt::format("k = {}, locality {}", cell(field(s, {"analyze", "clusters", "k"})),
                   cell(field(s, {"analyze", "locality"}))));
  line("cores on mini / loihi2", fmt::format("{} / {}", cell(field(s, {"compile_mini", "cores"})),
                                             cell(field(s, {"compile_loihi2", "cores"}))));
  line("simulator == reference",
       field(s, {"verify_sim", "bit_exact"}) == json(true) ? "bit-exact" : "DIVERGED");
  line("deployed vs float", deployed_line(s));
  line("one dm1 trial on mini", sim_line(s));
  if (json rows = field(s, {"placement", "strategies"}); rows.is_array()) {
    std::string best;
    double fewest = 0;
    for (const json& r : rows)
      if (r.contains("spike_hops_per_step") && r["spike_hops_per_step"].is_number() &&
          (best.empty() || r["spike_hops_per_step"].get<double>() < fewest)) {
        best = r["strategy"].get<std::string>();
        fewest = r["spike_hops_per_step"].get<double>();
      }
    line("fewest spike-hops (place-compare)", fmt::format("{} ({:.0f}/step)", best, fewest));
  }
  line("Lava", field(s, {"lava", "skipped"}).is_null()
                   ? (field(s, {"lava", "bit_exact"}) == json(true) ? "bit-exact" : "diverged")
                   : "not installed (skipped)");
  line("total time", fmt::format("{:.0f} s", s.value("total_seconds", 0.0)));
  return text;
}

} // namespace gyrus::cli
