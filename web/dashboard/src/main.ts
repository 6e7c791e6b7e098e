// The analysts' dashboard (GET /dashboard): sign in with a token, pick a range and a department,
// read GET /v1/metrics and draw the figures. Every number shown is the API's, only formatted.
import './dashboard.css';
import { load } from './board.js';
import { resizeCharts } from './charts/echarts.js';
import { exportCsv } from './csv-export.js';
import { byId } from './dom.js';
import { fillFromAddress, onFilters } from './filters.js';
import { RANKING_NOTE } from './league-ranking.js';
import { onSession, signIn, signOut } from './session.js';
import { storedToken, takeFragmentToken } from './token.js';

function start(): void {
  takeFragmentToken();
  byId('league-rule').textContent = RANKING_NOTE;
  fillFromAddress(location.search);
  const refresh = () => void load();
  onFilters(refresh);
  onSession(refresh);
  byId('export').addEventListener('click', () => void exportCsv());
  window.addEventListener('resize', resizeCharts);
  const saved = storedToken();
  if (saved) signIn(saved, refresh);
  else signOut('');
  document.body.setAttribute('data-ready', 'true');
}

start();
