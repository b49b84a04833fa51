#include "training/model/initialization.h"

#include <Eigen/QR>
#include <cmath>

namespace gyrus::model {

Eigen::MatrixXd random_orthogonal(int n, tasks::Rng& rng) {
  // QR of a Gaussian matrix, with the signs of R's diagonal moved into Q so
  // that the result is Haar distributed (Mezzadri 2007).
  Eigen::MatrixXd a(n, n);
  for (double& v : a.reshaped())
    v = rng.normal();
  Eigen::HouseholderQR<Eigen::MatrixXd> qr(a);
  Eigen::MatrixXd q = qr.householderQ();
  const Eigen::MatrixXd& r = qr.matrixQR();
  for (int j = 0; j < n; ++j)
    if (r(j, j) < 0)
      q.col(j) = -q.col(j);
  return q;
}

RnnParameters<float> initial_parameters(const RnnConfig& c, RecurrentInit init, tasks::Rng& rng) {
  RnnParameters<float> p;
  p.resize(c);
  const double in_scale = 1.0 / std::sqrt(static_cast<double>(c.n_input));
  for (float& w : p.w_in.reshaped())
    w = static_cast<float>(rng.normal() * in_scale);
  if (init == RecurrentInit::Diagonal)
    p.w_rec.setIdentity();
  else
    p.w_rec = random_orthogonal(c.n_hidden, rng).cast<float>();
  p.w_rec *= 0.5f;
  const double limit = std::sqrt(6.0 / (c.n_hidden + c.n_output));
  for (float& w : p.w_out.reshaped())
    w = static_cast<float>(rng.uniform(-limit, limit));
  return p;
}

} // namespace gyrus::model
