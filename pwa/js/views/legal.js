// Two public pages, reachable from every screen (footer) and from the youth space's menu:
// « Vos données » (what is recorded about the people supported, why, who sees it, how long,
// their rights: short sentences, for everyone, minors included) and the accessibility
// statement in the RGAA format. They work offline. They name the structure that holds the
// data: the signed-in account's (its name came with the sign-in or a switch, structures.js);
// where nobody is signed in (the youth space), no name is known: they say so plainly.
import { h } from '../ui.js';

// Pure: the name of the structure the account works in, or null (nobody signed in here, or a
// sign-in from before structures).
export function holderName(user) {
  if (!user || !user.structure) return null;
  const active = (user.structures || []).find((s) => s.id === user.structure);
  return active && typeof active.name === 'string' && active.name.trim() ? active.name : null;
}

const holderOf = (ctx) => holderName(ctx && ctx.auth ? ctx.auth.user() : null);

const ext = (href, text) => h('a', { href, rel: 'noopener' }, text);
const list = (items) => h('ul', {}, items.map((item) => h('li', {}, item)));

export function yourData(ctx) {
  const name = holderOf(ctx);
  return [
    h('h1', {}, 'Vos données'),
    h('p', { class: 'lead' }, 'Quand la référente mobilité vous accompagne, elle note des informations sur vous. Cette page dit lesquelles, pourquoi, qui les voit, et ce que vous pouvez demander.'),

    h('h2', {}, 'Qui est responsable ?'),
    name
      ? h('p', { id: 'responsable' }, `${name}. C'est la structure qui vous accompagne. C'est elle qui décide ce qui est noté, et qui le protège.`)
      : h('p', { id: 'responsable' }, 'La structure qui vous accompagne : celle de votre référente mobilité. C\'est elle qui décide ce qui est noté, et qui le protège. Vous ne connaissez pas son nom ? Demandez-le à votre référente.'),

    h('h2', {}, 'Ce qui est noté, et pourquoi'),
    h('p', {}, 'On note seulement ce qui sert à vous aider à vous déplacer :'),
    list([
      'votre nom, votre prénom, votre date de naissance, votre commune ;',
      'votre téléphone ou votre courriel, pour vous joindre ;',
      'votre situation : études, emploi, recherche d\'emploi… ;',
      'votre diagnostic mobilité : vos trajets, votre permis, votre véhicule, ce que vous savez déjà faire, ce qui vous bloque ;',
      'votre plan d\'action, vos rendez-vous et les ateliers où vous venez ;',
      'qui vous a orienté·e vers la référente, si c\'est un partenaire.',
    ]),
    h('p', {}, 'Ça sert à vous accompagner. Ça sert aussi à compter l\'activité pour ceux qui financent le projet : ils reçoivent des chiffres, jamais de noms.'),
    h('p', {}, 'On le fait avec votre accord. Vous pouvez le retirer quand vous voulez.'),
    h('p', {}, 'Si tu as moins de 15 ans, on demande aussi l\'accord d\'un de tes parents.'),

    h('h2', {}, 'Ce qui n\'est jamais noté'),
    list([
      'Rien sur votre santé, sauf une seule chose : oui ou non, la santé gêne vos déplacements. Jamais de maladie, de traitement ou de détail.',
      'Rien sur votre religion, vos opinions ou votre vie privée.',
    ]),

    h('h2', {}, 'Qui voit vos informations ?'),
    list([
      'La référente mobilité qui vous accompagne.',
      name ? `La coordination de ${name} (le bureau).` : 'La coordination de cette structure (le bureau).',
      'Le partenaire qui vous a orienté·e voit seulement si sa demande est acceptée ou pas. Il ne voit pas votre dossier.',
    ]),
    h('p', {}, 'Personne d\'autre. Les informations ne sont ni vendues, ni données.'),
    h('p', {}, 'La tablette de la référente garde une copie pour travailler sans réseau. Si elle est perdue, la structure la bloque et son contenu est effacé.'),

    h('h2', {}, 'Combien de temps ?'),
    h('p', {}, 'Vos informations sont gardées 2 ans après votre dernier contact avec la référente. Ensuite, on enlève tout ce qui permet de savoir que c\'est vous : il reste seulement des chiffres.'),

    h('h2', {}, 'Vos droits'),
    list([
      [h('strong', {}, 'Voir'), ' : savoir ce qui est noté sur vous, et en avoir une copie.'],
      [h('strong', {}, 'Corriger'), ' : faire changer une information fausse.'],
      [h('strong', {}, 'Effacer'), ' : faire supprimer vos informations. C\'est définitif.'],
      [h('strong', {}, 'Refuser'), ' : dire non à une utilisation de vos informations, ou retirer votre accord.'],
    ]),

    h('h2', {}, 'Comment faire ?'),
    list([
      'Demandez à la référente mobilité, par téléphone ou pendant une permanence.',
      name ? `Ou venez à l'accueil de ${name}.` : 'Ou venez à l\'accueil de la structure qui vous accompagne.',
      ['Ou ', h('a', { href: '#/jeunes/rappel' }, 'demandez à être rappelé·e'), '.'],
    ]),
    h('p', {}, 'Vous n\'avez pas besoin de dire pourquoi. C\'est gratuit. On vous répond en 1 mois au plus. On peut vous demander de montrer qui vous êtes, pour ne pas donner vos informations à quelqu\'un d\'autre.'),

    h('h2', {}, 'Si vous n\'êtes pas d\'accord'),
    h('p', {}, 'Vous pouvez vous plaindre à la CNIL, qui protège les données personnelles en France :'),
    list([
      ['sur internet : ', ext('https://www.cnil.fr/fr/plaintes', 'www.cnil.fr/fr/plaintes')],
      'par courrier : CNIL, 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07.',
    ]),
    h('p', {}, h('a', { href: '#/accessibilite' }, 'Accessibilité de cette application')),
  ];
}

export function accessibility(ctx) {
  const name = holderOf(ctx);
  return [
    h('h1', {}, 'Déclaration d\'accessibilité'),
    h('p', {}, `${name || 'La structure qui vous accompagne'} veut que l'application Mobilité Haut-Jura soit utilisable par tout le monde, conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005.`),
    h('p', {}, 'Cette déclaration s\'applique à l\'application web Mobilité Haut-Jura : l\'espace jeunes, l\'espace des partenaires et l\'espace de la référente.'),

    h('h2', {}, 'État de conformité'),
    h('p', {}, h('strong', {}, 'Mobilité Haut-Jura est partiellement conforme'), ' avec le référentiel général d\'amélioration de l\'accessibilité (RGAA), version 4.1.'),

    h('h2', {}, 'Résultats des tests'),
    h('p', {}, 'Un audit complet des 106 critères du RGAA n\'a pas encore été fait. Ce qui a été vérifié :'),
    list([
      'chaque écran, avec l\'outil automatique axe-core (règles WCAG 2.1 niveaux A et AA), dans le navigateur Chromium, en largeur téléphone (360 pixels) et ordinateur (1 280 pixels) : aucune erreur ;',
      'l\'utilisation au clavier seul : lien « Aller au contenu », passage d\'un écran à l\'autre, formulaires, fenêtres de confirmation (touche Échap pour annuler) ;',
      'l\'affichage sur un écran de 360 pixels de large ;',
      'des boutons et des liens de menu d\'au moins 44 pixels de haut, faciles à toucher ;',
      'des phrases courtes et des mots simples dans l\'espace jeunes.',
    ]),

    h('h2', {}, 'Limites connues'),
    list([
      'Les outils automatiques ne trouvent qu\'une partie des problèmes.',
      'L\'application n\'a pas encore été testée de bout en bout avec un lecteur d\'écran (NVDA, VoiceOver, TalkBack).',
      'Les textes des aides viennent des partenaires : ils ne sont pas tous écrits en facile à lire et à comprendre (FALC).',
      'Les fichiers de chiffres exportés par le bureau (tableur, PDF) n\'ont pas été vérifiés.',
    ]),

    h('h2', {}, 'Établissement de cette déclaration'),
    h('p', {}, 'Déclaration établie en novembre 2026. Technologies utilisées : HTML, CSS, JavaScript, WAI-ARIA.'),

    h('h2', {}, 'Signaler un problème'),
    h('p', {}, 'Si vous n\'arrivez pas à utiliser une partie de l\'application, dites-le nous. Nous vous donnerons l\'information autrement, et nous corrigerons le problème.'),
    list([
      'Appelez la référente mobilité, ou parlez-lui pendant une permanence.',
      name ? `Ou venez à l'accueil de ${name}.` : 'Ou venez à l\'accueil de la structure qui vous accompagne.',
      ['Ou ', h('a', { href: '#/jeunes/rappel' }, 'demandez à être rappelé·e'), '.'],
    ]),

    h('h2', {}, 'Voies de recours'),
    h('p', {}, 'Si vous avez signalé un problème d\'accessibilité et que la réponse ne vous convient pas, vous pouvez saisir le Défenseur des droits :'),
    list([
      ['par le formulaire en ligne : ', ext('https://formulaire.defenseurdesdroits.fr/', 'formulaire.defenseurdesdroits.fr')],
      ['en rencontrant le délégué de votre région : ', ext('https://www.defenseurdesdroits.fr/saisir/delegues', 'liste des délégués')],
      'par courrier, gratuit et sans timbre : Défenseur des droits, Libre réponse 71120, 75342 Paris Cedex 07.',
    ]),
    h('p', {}, h('a', { href: '#/vos-donnees' }, 'Vos données : ce qui est noté, et vos droits')),
  ];
}
