// Home: choose a space. Young people first, big buttons, plain words.
import { h } from '../ui.js';

export function home() {
  return [
    h('h1', {}, 'Bouger dans le Haut-Jura'),
    h('p', { class: 'lead' }, 'Tu as besoin de te déplacer pour un travail, une formation ou tes rendez-vous ? On peut t\'aider.'),
    h('ul', { class: 'tiles' },
      h('li', {}, h('a', { class: 'tile', href: '#/jeunes' }, h('strong', {}, 'Trouver une aide'), h('span', {}, 'Permis, vélo, bus, argent pour payer…'))),
      h('li', {}, h('a', { class: 'tile', href: '#/jeunes/permanences' }, h('strong', {}, 'Rencontrer la référente'), h('span', {}, 'Où et quand la voir, sans rendez-vous'))),
      h('li', {}, h('a', { class: 'tile', href: '#/jeunes/rappel' }, h('strong', {}, 'Je veux être rappelé·e'), h('span', {}, 'Laisse ton numéro, on t\'appelle'))),
      h('li', {}, h('a', { class: 'tile', href: '#/jeunes/favoris' }, h('strong', {}, 'Mes favoris'), h('span', {}, 'Les aides que tu as gardées')))),
    h('h2', {}, 'Vous êtes professionnel·le ?'),
    h('p', {}, 'Conseillère, travailleur social, partenaire : ', h('a', { href: '#/connexion' }, 'connectez-vous à l\'espace pro'), ' pour orienter un·e jeune vers la référente mobilité.'),
  ];
}
